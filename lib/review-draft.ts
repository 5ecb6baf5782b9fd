// The reviewer's unsigned work against the case's evaluation: which snapshot a draft was made
// against, and how a draft made against an older snapshot meets a new evaluation. Pure, no zod:
// the workspace runs it in the browser, the tests run it directly.
import { engineDefaultStatus } from "@/lib/domain";

export interface DraftFinding {
  status: string;
  citationAnchor: string;
  evidence: { attachmentId: string; page?: number }[];
  note: string;
}

export interface ReviewFormState {
  /** The evaluation snapshot the findings were set against (null: none known, an older draft). */
  snapshotId: string | null;
  /** The engine's status per criterion when the draft was made. */
  engine: Record<string, string>;
  findings: Record<string, DraftFinding>;
  rationale: string;
  interqualSubset: string;
  interqualResult: string;
  pendMessage: string;
  pendItems: string;
  escalationText: string;
}

export interface EvaluatedCriterion {
  id: string;
  status: string;
  citation: { anchor: string };
}

/** A finding whose draft value was set against an older evaluation that has changed since. */
export interface StaleFinding {
  /** The reviewer's value in the draft (what "Keep my value" restores). */
  draftStatus: string;
  /** The engine's status when the draft was made (null: not recorded by an older draft). */
  engineBefore: string | null;
}

/**
 * The workspace's starting state. Without a draft every finding starts from the engine. A draft
 * made against the current snapshot is taken as it is. A draft made against an older snapshot
 * does not silently win: each finding whose engine status changed since (or, for a draft that
 * did not record its snapshot, whose value differs from the engine now) starts from the new
 * evaluation and is listed in `stale` so the reviewer sees it and may keep their own value.
 * Citations, evidence and notes are the reviewer's work and are always kept.
 */
export function mergeDraft(
  criteria: EvaluatedCriterion[],
  snapshotId: string | null,
  draft: Record<string, unknown> | null,
): { form: ReviewFormState; stale: Record<string, StaleFinding> } {
  const saved = (draft ?? {}) as Partial<ReviewFormState>;
  const sameBasis = draft !== null && saved.snapshotId != null && saved.snapshotId === snapshotId;
  const findings: Record<string, DraftFinding> = {};
  const stale: Record<string, StaleFinding> = {};
  for (const c of criteria) {
    const prior = saved.findings?.[c.id];
    const fresh = engineDefaultStatus(c.status) ?? "";
    let status = prior?.status ?? fresh;
    if (prior && !sameBasis) {
      const engineBefore = typeof saved.engine?.[c.id] === "string" ? saved.engine[c.id]! : null;
      const engineChanged = engineBefore === null ? prior.status !== fresh : engineBefore !== c.status;
      if (engineChanged && prior.status !== fresh) {
        stale[c.id] = { draftStatus: prior.status, engineBefore };
        status = fresh;
      }
    }
    findings[c.id] = {
      status,
      citationAnchor: prior?.citationAnchor ?? c.citation.anchor,
      evidence: Array.isArray(prior?.evidence) ? prior.evidence : [],
      note: prior?.note ?? "",
    };
  }
  return {
    form: {
      snapshotId,
      engine: Object.fromEntries(criteria.map((c) => [c.id, c.status])),
      findings,
      rationale: saved.rationale ?? "",
      interqualSubset: saved.interqualSubset ?? "",
      interqualResult: saved.interqualResult ?? "",
      pendMessage: saved.pendMessage ?? "",
      pendItems: saved.pendItems ?? "",
      escalationText: saved.escalationText ?? "",
    },
    stale,
  };
}

/**
 * Shown compactly (expanded on demand): the engine found the criterion met (or not applicable) and
 * the reviewer agrees, with no note, evidence or other citation of theirs.
 */
export function isSettledFinding(engineStatus: string, f: DraftFinding, defaultAnchor: string): boolean {
  return (
    (engineStatus === "met" || engineStatus === "not_applicable") &&
    f.status === engineDefaultStatus(engineStatus) &&
    !f.note &&
    f.evidence.length === 0 &&
    f.citationAnchor === defaultAnchor
  );
}

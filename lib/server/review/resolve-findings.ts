import "server-only";
import { isAdverseFinding, needsInterqual } from "@/lib/domain";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attachments, evaluationSnapshots, type FindingStatus } from "@/db/schema";
import { FINDING_STATUS_LABELS } from "@/lib/domain";
import { findCriterion, findPassage, getPolicyVersion, type EvaluationResult, type PolicyVersion } from "@/lib/policy";
import type { findingInputSchema } from "@/lib/validation/review";
import type { z } from "zod";
import { ValidationError, type Issue } from "../errors";

export interface ResolvedFinding {
  criterionId: string;
  status: FindingStatus;
  engineStatus: string | null;
  citationAnchor: string;
  /** Derived here from the policy text, never taken from the client. */
  citationQuote: string;
  evidence: { attachmentId: string; page?: number }[];
  note: string | null;
}

type ParsedFinding = z.infer<typeof findingInputSchema>;

export async function latestSnapshot(tx: Db, caseId: string) {
  const [snap] = await tx
    .select()
    .from(evaluationSnapshots)
    .where(eq(evaluationSnapshots.caseId, caseId))
    .orderBy(desc(evaluationSnapshots.createdAt))
    .limit(1);
  return snap ?? null;
}

export function policyVersionOf(id: string | null): PolicyVersion {
  const version = id ? getPolicyVersion(id) : undefined;
  if (!version) throw new ValidationError("This case has no known policy version; it cannot be decided here.");
  return version;
}

/**
 * What a decision is made against: the case's latest evaluation snapshot, its policy version and
 * the reviewer's findings resolved against both (see resolveFindings; `partial` as there).
 */
export async function resolveDecisionBasis(
  tx: Db,
  row: { id: string; policyVersion: string | null },
  findings: ParsedFinding[],
  options: { partial?: boolean } = {},
) {
  const snapshot = await latestSnapshot(tx, row.id);
  const version = policyVersionOf(row.policyVersion ?? snapshot?.policyVersion ?? null);
  const resolved = await resolveFindings(tx, {
    caseId: row.id,
    version,
    snapshot: snapshot?.result ?? null,
    findings,
    partial: options.partial,
  });
  return { snapshot, version, findings: resolved };
}

/**
 * Checks the reviewer's findings against the evaluation snapshot (one finding per criterion it
 * lists, unless `partial`), the policy version (the anchor must be one of its passages) and the
 * case (evidence must point at this case's attachments), and derives each quote.
 */
export async function resolveFindings(
  tx: Db,
  args: {
    caseId: string;
    version: PolicyVersion;
    snapshot: EvaluationResult | null;
    findings: ParsedFinding[];
    partial?: boolean;
  },
): Promise<ResolvedFinding[]> {
  const issues: Issue[] = [];
  const engine = new Map((args.snapshot?.criteria ?? []).map((c) => [c.id, c.status]));
  const seen = new Set<string>();
  const attachmentIds = [...new Set(args.findings.flatMap((f) => f.evidence.map((e) => e.attachmentId)))];
  const owned = new Set(
    attachmentIds.length
      ? (
          await tx
            .select({ id: attachments.id })
            .from(attachments)
            .where(and(eq(attachments.caseId, args.caseId), inArray(attachments.id, attachmentIds)))
        ).map((a) => a.id)
      : [],
  );
  const resolved: ResolvedFinding[] = [];
  args.findings.forEach((f, i) => {
    const at = `findings[${i}]`;
    const criterion = findCriterion(f.criterionId, args.version);
    if (!criterion || (engine.size > 0 && !engine.has(f.criterionId))) {
      issues.push({ path: `${at}.criterionId`, message: "is not a criterion of this case's evaluation" });
      return;
    }
    if (seen.has(f.criterionId))
      issues.push({ path: `${at}.criterionId`, message: `has a second finding for "${criterion.label}"` });
    seen.add(f.criterionId);
    const anchor = f.citationAnchor || criterion.anchor;
    const passage = findPassage(anchor, args.version);
    if (!passage) {
      issues.push({ path: `${at}.citationAnchor`, message: `is not a passage of policy ${args.version.id}` });
      return;
    }
    f.evidence.forEach((e, j) => {
      if (!owned.has(e.attachmentId))
        issues.push({ path: `${at}.evidence[${j}].attachmentId`, message: "is not an attachment of this case" });
    });
    resolved.push({
      criterionId: f.criterionId,
      status: f.status,
      engineStatus: engine.get(f.criterionId) ?? null,
      citationAnchor: anchor,
      citationQuote: anchor === criterion.anchor ? criterion.quote : passage.text,
      evidence: f.evidence.map((e) =>
        e.page ? { attachmentId: e.attachmentId, page: e.page } : { attachmentId: e.attachmentId },
      ),
      note: f.note ? f.note : null,
    });
  });
  if (!args.partial) {
    for (const id of engine.keys()) {
      if (!seen.has(id))
        issues.push({
          path: "findings",
          message: `needs a finding for "${findCriterion(id, args.version)?.label ?? id}"`,
        });
    }
  }
  if (issues.length) {
    const listed = issues
      .slice(0, 3)
      .map((i) => `${i.path}: ${i.message}`)
      .join("; ");
    throw new ValidationError(
      `The findings are not complete: ${listed}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ""}.`,
      issues,
    );
  }
  return resolved;
}

export const isAdverse = (f: { status: FindingStatus }) => isAdverseFinding(f.status);

/** A denial (or an upheld appeal) rests on at least one cited criterion not met or not documented. */
export function requireAdverseFinding(findings: ResolvedFinding[]) {
  if (!findings.some(isAdverse))
    throw new ValidationError(
      "A denial must name at least one criterion that is not met or not documented, with its citation.",
      [{ path: "findings", message: "mark at least one criterion not met or not documented" }],
    );
}

/** An approval may not carry a criterion the reviewer found not met or not documented. */
export function requireNoAdverseFinding(findings: ResolvedFinding[], version: PolicyVersion) {
  // Findings keep the order they were sent in, so each issue points at its own finding.
  const adverse = findings.map((f, index) => ({ f, index })).filter(({ f }) => isAdverse(f));
  if (adverse.length)
    throw new ValidationError(
      `An approval cannot rest on criteria found not met or not documented: ${adverse.map(({ f }) => findCriterion(f.criterionId, version)?.label ?? f.criterionId).join("; ")}. Pend for information or escalate instead.`,
      adverse.map(({ f, index }) => ({
        path: `findings[${index}].status`,
        message: `is ${FINDING_STATUS_LABELS[f.status].toLowerCase()}: an approval needs it met or not applicable`,
      })),
    );
}

/** For cancer-related pain and spasticity the reviewer records the InterQual subset and result. */
export function requireInterqual(
  indication: string | null,
  interqual: { subset: string; result: string } | undefined,
  expected?: "met" | "not_met",
) {
  if (!needsInterqual(indication)) return null;
  if (!interqual)
    throw new ValidationError(
      "For cancer-related pain and spasticity, record the InterQual subset applied and its result.",
      [{ path: "interqual", message: "is required for this indication" }],
    );
  if (expected === "met" && interqual.result !== "met")
    throw new ValidationError("The InterQual result is not met: this cannot be approved on it.", [
      { path: "interqual.result", message: "is not met" },
    ]);
  return interqual;
}

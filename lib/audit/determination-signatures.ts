import { asc, gt, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { determinationFindings, determinations } from "@/db/schema";
import { determinationSignature } from "@/lib/server/review/sign-determination";

export interface SignatureCheck {
  ok: boolean;
  checked: number;
  /** The first determination whose stored content no longer matches its signature. */
  firstProblem?: { determinationId: string; caseId: string };
}

type DeterminationRow = typeof determinations.$inferSelect;
type FindingRow = typeof determinationFindings.$inferSelect;

/** The signature recomputed from a stored determination and its stored findings. */
export function recomputeSignature(d: DeterminationRow, findings: FindingRow[]): string {
  return determinationSignature({
    caseId: d.caseId,
    kind: d.kind,
    decision: d.decision,
    reviewerId: d.reviewerId,
    reviewerRole: d.reviewerRole,
    policyVersion: d.policyVersion,
    evaluationSnapshotId: d.evaluationSnapshotId,
    rationale: d.rationale,
    interqual: d.interqual ?? null,
    outsidePolicy: d.outsidePolicy,
    supersedesId: d.supersedesId,
    decidedAt: d.decidedAt,
    automation: d.automation,
    qaSampled: d.qaSampled,
    findings: findings.map((f) => ({
      criterionId: f.criterionId,
      status: f.status,
      engineStatus: f.engineStatus,
      citationAnchor: f.citationAnchor,
      citationQuote: f.citationQuote,
      evidence: f.evidence,
      note: f.note,
    })),
  });
}

/** Every determination's signature recomputed, in batches (bounded memory). */
export async function verifyDeterminationSignatures(db: Db, batchSize = 1000): Promise<SignatureCheck> {
  let checked = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const batch = await db
      .select()
      .from(determinations)
      .where(gt(determinations.id, after))
      .orderBy(asc(determinations.id))
      .limit(batchSize);
    if (batch.length === 0) return { ok: true, checked };
    const findings = await db
      .select()
      .from(determinationFindings)
      .where(
        inArray(
          determinationFindings.determinationId,
          batch.map((d) => d.id),
        ),
      );
    const byDetermination = new Map<string, FindingRow[]>();
    for (const f of findings)
      byDetermination.set(f.determinationId, [...(byDetermination.get(f.determinationId) ?? []), f]);
    for (const d of batch) {
      if (recomputeSignature(d, byDetermination.get(d.id) ?? []) !== d.signature)
        return { ok: false, checked, firstProblem: { determinationId: d.id, caseId: d.caseId } };
      checked++;
    }
    after = batch[batch.length - 1]!.id;
  }
}

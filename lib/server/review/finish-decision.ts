import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { reviewDrafts, type Decision } from "@/db/schema";
import type { PolicyVersion } from "@/lib/policy";
import type { AuditEventInput } from "@/db/audit-chain";
import type { ServiceContext } from "../context";
import { changeCase, recordCaseChange, type CaseRow } from "../cases/move-case";
import type { ResolvedFinding } from "./resolve-findings";
import { signDetermination, type DeterminationContent } from "./sign-determination";

/** A signed decision replaces the reviewer's unsigned draft of it. */
async function discardDraft(tx: Tx, caseId: string, reviewerId: string) {
  await tx.delete(reviewDrafts).where(and(eq(reviewDrafts.caseId, caseId), eq(reviewDrafts.reviewerId, reviewerId)));
}

export interface DecisionRecord {
  /** The decision, which is also the case's new status. */
  decision: Decision;
  kind: DeterminationContent["kind"];
  findings: ResolvedFinding[];
  rationale: string;
  interqual: DeterminationContent["interqual"];
  outsidePolicy: boolean;
  supersedesId: string | null;
  /** The evaluation snapshot the decision was made against. */
  snapshot: { id: string } | null;
  version: PolicyVersion;
  auditAction: AuditEventInput["action"];
  /** An automated approval's basis, and whether it was drawn for quality review. */
  automation?: DeterminationContent["automation"];
  qaSampled?: boolean;
  /** Audit details besides `from`, `to` and the number of findings. */
  auditDetails?: Record<string, unknown>;
}

/**
 * The end every decision shares, inside the review transaction after the service's own checks:
 * moves the case to the decision, signs the determination, discards the reviewer's draft and
 * audits it.
 */
export async function recordDecision(ctx: ServiceContext, tx: Tx, row: CaseRow, d: DecisionRecord) {
  const changed = await changeCase(ctx, tx, row, { status: d.decision, decidedAt: new Date() });
  const determination = await signDetermination(tx, {
    caseId: row.id,
    kind: d.kind,
    decision: d.decision,
    reviewerId: ctx.viewer.userId,
    reviewerRole: ctx.viewer.role,
    policyVersion: d.version.id,
    evaluationSnapshotId: d.snapshot?.id ?? null,
    rationale: d.rationale,
    interqual: d.interqual,
    outsidePolicy: d.outsidePolicy,
    supersedesId: d.supersedesId,
    findings: d.findings,
    automation: d.automation ?? null,
    qaSampled: d.qaSampled ?? false,
  });
  // The policy engine keeps no draft.
  if (d.kind !== "automated") await discardDraft(tx, row.id, ctx.viewer.userId);
  await recordCaseChange(ctx, tx, changed, {
    action: d.auditAction,
    targetType: "determination",
    targetId: determination.id,
    caseId: row.id,
    details: { findings: d.findings.length, ...d.auditDetails },
  });
  return {
    caseId: row.id,
    determinationId: determination.id,
    status: changed.after.status,
    version: changed.after.version,
  };
}

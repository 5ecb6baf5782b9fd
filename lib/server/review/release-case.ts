import "server-only";
import { releaseCaseInput } from "@/lib/validation/review";
import type { CaseStatus } from "@/db/schema";
import { audit, requirePermission, type ServiceContext } from "../context";
import { lockCaseForReview, moveCase, reviewTransaction } from "./case-guard";
import { parseInput } from "./parse-input";

/**
 * Gives a claimed case back to the queue: in_review → submitted, appeal_in_review →
 * appeal_submitted (so "unassigned" always means "waiting to be claimed"); a case pending
 * information keeps its state and only loses its assignee. The releaser's draft stays theirs.
 */
export async function releaseCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.claim");
  const { caseId, version } = parseInput(releaseCaseInput, input, "release");
  return reviewTransaction(ctx, async (tx) => {
    const row = await lockCaseForReview(ctx, tx, { caseId, version }, ["in_review", "appeal_in_review", "pending_information"], { mustHold: true, action: "case.release" });
    const to: CaseStatus = row.status === "in_review" ? "submitted" : row.status === "appeal_in_review" ? "appeal_submitted" : row.status;
    const after = await moveCase(ctx, tx, row, { status: to, assigneeId: null, claimedAt: null });
    await audit(tx, ctx, { action: "case.release", targetType: "case", targetId: row.id, caseId: row.id, details: { from: row.status, to } });
    return { caseId: after.id, status: after.status, version: after.version };
  });
}

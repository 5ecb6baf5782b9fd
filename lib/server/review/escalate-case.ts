import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { reviewDrafts } from "@/db/schema";
import { escalateCaseInput } from "@/lib/validation/review";
import { audit, requirePermission, type ServiceContext } from "../context";
import { lockCaseForReview, moveCase, reviewTransaction } from "./case-guard";
import { parseInput } from "./parse-input";

/**
 * A nurse hands a case to the physicians: back to submitted, unassigned, and into the
 * physician-only view. The reason (it may describe the member's condition, so it stays out of
 * the audit log) is kept with the nurse's draft, which the physician sees in the workspace.
 */
export async function escalateCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.escalate");
  const data = parseInput(escalateCaseInput, input, "escalation");
  return reviewTransaction(ctx, async (tx) => {
    const row = await lockCaseForReview(ctx, tx, data, ["in_review"], { mustHold: true, action: "case.escalate" });
    const now = new Date();
    const after = await moveCase(ctx, tx, row, { status: "submitted", physicianOnly: true, escalatedAt: now, assigneeId: null, claimedAt: null });
    const [draft] = await tx.select().from(reviewDrafts).where(and(eq(reviewDrafts.caseId, row.id), eq(reviewDrafts.reviewerId, ctx.viewer.userId))).limit(1);
    const content = { ...(draft?.content ?? {}), escalationReason: data.reason, escalatedAt: now.toISOString() };
    await tx
      .insert(reviewDrafts)
      .values({ caseId: row.id, reviewerId: ctx.viewer.userId, content })
      .onConflictDoUpdate({ target: [reviewDrafts.caseId, reviewDrafts.reviewerId], set: { content, updatedAt: sql`now()` } });
    await audit(tx, ctx, { action: "case.escalate", targetType: "case", targetId: row.id, caseId: row.id, details: { from: row.status, to: after.status } });
    return { caseId: row.id, status: after.status, version: after.version };
  });
}

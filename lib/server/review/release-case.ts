import "server-only";
import { releaseCaseInput } from "@/lib/validation/review";
import type { CaseStatus } from "@/db/schema";
import { requirePermission, withTransaction, type ServiceContext } from "../context";
import { lockCase, moveCase } from "../cases/move-case";
import { parseInput } from "../parse-input";

/**
 * Gives a claimed case back to the queue: in_review → submitted, appeal_in_review →
 * appeal_submitted (so "unassigned" always means "waiting to be claimed"); a case pending
 * information keeps its state and only loses its assignee. The releaser's draft stays theirs.
 */
export async function releaseCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.claim");
  const { caseId, version } = parseInput(releaseCaseInput, input, "release");
  return withTransaction(ctx, async (tx) => {
    const row = await lockCase(
      ctx,
      tx,
      { caseId, version },
      {
        statuses: ["in_review", "appeal_in_review", "pending_information"],
        mustHold: true,
        action: "case.release",
        physicianRouting: true,
      },
    );
    const to: CaseStatus =
      row.status === "in_review" ? "submitted" : row.status === "appeal_in_review" ? "appeal_submitted" : row.status;
    const after = await moveCase(
      ctx,
      tx,
      row,
      { status: to, assigneeId: null, claimedAt: null },
      { action: "case.release", targetType: "case", targetId: row.id, caseId: row.id },
    );
    return { caseId: after.id, status: after.status, version: after.version };
  });
}

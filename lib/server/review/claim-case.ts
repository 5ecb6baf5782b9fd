import "server-only";
import { claimCaseInput } from "@/lib/validation/review";
import { requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError } from "../errors";

import { AuditedRefusal, lockCase, moveCase, describeCaseConflict } from "../cases/move-case";
import { findAppealDenier } from "./find-appeal-denier";
import { parseInput } from "../parse-input";

/**
 * Takes a case: submitted → in_review, or appeal_submitted → appeal_in_review (a physician other
 * than the one who denied). Only an unclaimed case at the version the reviewer saw; of two
 * reviewers claiming at once exactly one wins, the other learns who has it.
 */
export async function claimCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.claim");
  const { caseId, version } = parseInput(claimCaseInput, input, "claim");
  return withTransaction(ctx, async (tx) => {
    const row = await lockCase(
      ctx,
      tx,
      { caseId, version },
      { statuses: ["submitted", "appeal_submitted"], mustHold: false, action: "case.claim", physicianRouting: true },
    );
    // An appeal starts a new review: whoever held the case for the initial decision no longer does.
    if (row.assigneeId && row.status === "submitted")
      throw new ConflictError(await describeCaseConflict(tx, row, ctx.viewer.userId));
    if (row.status === "appeal_submitted") {
      const denier = await findAppealDenier(tx, row.id);
      if (denier === ctx.viewer.userId)
        throw new AuditedRefusal("You denied this case; another physician must decide its appeal.", "case.claim", {
          caseId: row.id,
          reason: "the denying physician may not decide the appeal",
        });
    }
    const to = row.status === "submitted" ? "in_review" : "appeal_in_review";
    const after = await moveCase(
      ctx,
      tx,
      row,
      { status: to, assigneeId: ctx.viewer.userId, claimedAt: new Date() },
      { action: "case.claim", targetType: "case", targetId: row.id, caseId: row.id },
    );
    return { caseId: after.id, status: after.status, version: after.version };
  });
}

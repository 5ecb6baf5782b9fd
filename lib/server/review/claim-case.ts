import "server-only";
import { claimCaseInput } from "@/lib/validation/review";
import { audit, requirePermission, type ServiceContext } from "../context";
import { ConflictError } from "../errors";
import { describeCaseConflict } from "./case-conflict";
import { AuditedRefusal, lockCaseForReview, moveCase, reviewTransaction } from "./case-guard";
import { findAppealDenier } from "./find-appeal-denier";
import { parseInput } from "./parse-input";

/**
 * Takes a case: submitted → in_review, or appeal_submitted → appeal_in_review (a physician other
 * than the one who denied). Only an unclaimed case at the version the reviewer saw; of two
 * reviewers claiming at once exactly one wins, the other learns who has it.
 */
export async function claimCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.claim");
  const { caseId, version } = parseInput(claimCaseInput, input, "claim");
  return reviewTransaction(ctx, async (tx) => {
    const row = await lockCaseForReview(ctx, tx, { caseId, version }, ["submitted", "appeal_submitted"], { mustHold: false, action: "case.claim" });
    // An appeal starts a new review: whoever held the case for the initial decision no longer does.
    if (row.assigneeId && row.status === "submitted") throw new ConflictError(await describeCaseConflict(tx, row, ctx.viewer.userId));
    if (row.status === "appeal_submitted") {
      const denier = await findAppealDenier(tx, row.id);
      if (denier === ctx.viewer.userId)
        throw new AuditedRefusal("You denied this case; another physician must decide its appeal.", "case.claim", { caseId: row.id, reason: "the denying physician may not decide the appeal" });
    }
    const to = row.status === "submitted" ? "in_review" : "appeal_in_review";
    const after = await moveCase(ctx, tx, row, { status: to, assigneeId: ctx.viewer.userId, claimedAt: new Date() });
    await audit(tx, ctx, { action: "case.claim", targetType: "case", targetId: row.id, caseId: row.id, details: { from: row.status, to } });
    return { caseId: after.id, status: after.status, version: after.version };
  });
}

import "server-only";
import { caseInformationRequests } from "@/db/schema";
import { pendCaseInput } from "@/lib/validation/review";
import { audit, requirePermission, type ServiceContext } from "../context";
import { lockCaseForReview, moveCase, reviewTransaction } from "./case-guard";
import { parseInput } from "./parse-input";

/**
 * Asks the provider for information: in_review → pending_information with a message and the
 * items needed (the provider sees both). The reviewer keeps the case; the due time does not move.
 */
export async function pendCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.pend");
  const data = parseInput(pendCaseInput, input, "request for information");
  return reviewTransaction(ctx, async (tx) => {
    const row = await lockCaseForReview(ctx, tx, data, ["in_review"], { mustHold: true, action: "case.pend" });
    const after = await moveCase(ctx, tx, row, { status: "pending_information" });
    const [request] = await tx
      .insert(caseInformationRequests)
      .values({ caseId: row.id, requestedBy: ctx.viewer.userId, message: data.message, items: data.items })
      .returning({ id: caseInformationRequests.id });
    await audit(tx, ctx, {
      action: "case.pend",
      targetType: "information_request",
      targetId: request!.id,
      caseId: row.id,
      details: { from: row.status, to: after.status, items: data.items.length },
    });
    return { caseId: row.id, informationRequestId: request!.id, status: after.status, version: after.version };
  });
}

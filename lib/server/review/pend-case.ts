import "server-only";
import { caseInformationRequests } from "@/db/schema";
import { pendCaseInput } from "@/lib/validation/review";
import { requirePermission, withTransaction, type ServiceContext } from "../context";
import { changeCase, lockCase, recordCaseChange } from "../cases/move-case";
import { parseInput } from "../parse-input";

/**
 * Asks the provider for information: in_review → pending_information with a message and the
 * items needed (the provider sees both). The reviewer keeps the case; the due time does not move.
 */
export async function pendCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.pend");
  const data = parseInput(pendCaseInput, input, "request for information");
  return withTransaction(ctx, async (tx) => {
    const row = await lockCase(ctx, tx, data, {
      statuses: ["in_review"],
      mustHold: true,
      action: "case.pend",
      physicianRouting: true,
    });
    const changed = await changeCase(ctx, tx, row, { status: "pending_information" });
    const [request] = await tx
      .insert(caseInformationRequests)
      .values({ caseId: row.id, requestedBy: ctx.viewer.userId, message: data.message, items: data.items })
      .returning({ id: caseInformationRequests.id });
    const requestId = request!.id;
    await recordCaseChange(ctx, tx, changed, {
      action: "case.pend",
      targetType: "information_request",
      targetId: requestId,
      caseId: row.id,
      details: { items: data.items.length },
    });
    return {
      caseId: row.id,
      informationRequestId: requestId,
      status: changed.after.status,
      version: changed.after.version,
    };
  });
}

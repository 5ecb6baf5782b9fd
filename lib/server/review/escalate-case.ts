import "server-only";
import { caseEscalations } from "@/db/schema";
import { escalateCaseInput } from "@/lib/validation/review";
import { requirePermission, withTransaction, type ServiceContext } from "../context";
import { changeCase, lockCase, recordCaseChange } from "../cases/move-case";
import { parseInput } from "../parse-input";

/**
 * A nurse hands a case to the physicians: back to submitted, unassigned, and into the
 * physician-only view. The reason (it may describe the member's condition, so it stays out of
 * the audit log) is kept in the append-only escalations table, with who escalated and when,
 * in the same transaction; the physician sees it in the workspace. The nurse's draft is left as
 * it was: a draft is editable, an escalation is a record.
 */
export async function escalateCase(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "case.escalate");
  const data = parseInput(escalateCaseInput, input, "escalation");
  return withTransaction(ctx, async (tx) => {
    const row = await lockCase(ctx, tx, data, {
      statuses: ["in_review"],
      mustHold: true,
      action: "case.escalate",
      physicianRouting: true,
    });
    const now = new Date();
    const changed = await changeCase(ctx, tx, row, {
      status: "submitted",
      physicianOnly: true,
      escalatedAt: now,
      assigneeId: null,
      claimedAt: null,
    });
    const [escalation] = await tx
      .insert(caseEscalations)
      .values({ caseId: row.id, escalatedBy: ctx.viewer.userId, reason: data.reason, escalatedAt: now })
      .returning({ id: caseEscalations.id });
    await recordCaseChange(ctx, tx, changed, {
      action: "case.escalate",
      targetType: "case",
      targetId: row.id,
      caseId: row.id,
      details: { escalationId: escalation!.id },
    });
    return { caseId: row.id, status: changed.after.status, version: changed.after.version };
  });
}

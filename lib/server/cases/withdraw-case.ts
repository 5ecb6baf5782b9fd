import "server-only";
import { STATUS_LABELS, WITHDRAWABLE } from "@/lib/domain";
import { withdrawCaseInput } from "@/lib/validation/case-input";
import type { cases } from "@/db/schema";
import { requirePermission, withTransaction, type ServiceContext, type Tx } from "../context";
import { parseInput } from "../parse-input";
import { lockCase, moveCase } from "./move-case";

type CaseRow = typeof cases.$inferSelect;

/** Withdraws a case before a decision (drafts included), for one of the fixed reasons (WITHDRAW_REASONS), kept in the audit event. */
export async function withdrawCase(
  ctx: ServiceContext,
  input: unknown,
  options: {
    /** Runs in the withdrawal's transaction once the case is locked (a PAS update records itself). */
    withCase?: (tx: Tx, theCase: CaseRow) => Promise<void>;
  } = {},
): Promise<{ id: string; status: "withdrawn"; version: number }> {
  await requirePermission(ctx, "case.withdraw");
  const { caseId, version, reason } = parseInput(withdrawCaseInput, input);
  return withTransaction(ctx, async (tx) => {
    const before = await lockCase(
      ctx,
      tx,
      { caseId, version },
      {
        action: "case.withdraw",
        statuses: WITHDRAWABLE,
        notInStatus: (row) =>
          `This case is ${STATUS_LABELS[row.status].toLowerCase()}; it can only be withdrawn before a decision.`,
        staleVersion: "This case changed since you opened it (see its timeline). Reload the page and decide again.",
      },
    );
    await options.withCase?.(tx, before);
    const row = await moveCase(
      ctx,
      tx,
      before,
      { status: "withdrawn", updatedAt: new Date() },
      { action: "case.withdraw", targetType: "case", targetId: caseId, caseId, details: { reason } },
    );
    return { id: row.id, status: "withdrawn" as const, version: row.version };
  });
}

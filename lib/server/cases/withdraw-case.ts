import "server-only";
import { and, eq } from "drizzle-orm";
import { cases, type CaseStatus } from "@/db/schema";
import { STATUS_LABELS, WITHDRAWABLE } from "@/lib/case-lifecycle";
import { withdrawCaseInput } from "@/lib/validation/case-input";
import { audit, requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError } from "../errors";
import { getCaseInScope } from "./get-case-in-scope";
import { assertLifecycleMove, parseInput } from "./shared";

/** Withdraws a case before a decision (drafts included), for one of the fixed reasons (WITHDRAW_REASONS), kept in the audit event. */
export async function withdrawCase(ctx: ServiceContext, input: unknown): Promise<{ id: string; status: "withdrawn"; version: number }> {
  await requirePermission(ctx, "case.withdraw");
  const { caseId, version, reason } = parseInput(withdrawCaseInput, input);
  return withTransaction(ctx, async (tx) => {
    const before = await getCaseInScope(ctx, caseId, tx, { forUpdate: true });
    if (!WITHDRAWABLE.includes(before.status))
      throw new ConflictError(`This case is ${STATUS_LABELS[before.status].toLowerCase()}; it can only be withdrawn before a decision.`);
    if (before.version !== version) throw new ConflictError("This case changed since you opened it (see its timeline). Reload the page and decide again.");
    assertLifecycleMove(before.status, "withdrawn");
    const [row] = await tx
      .update(cases)
      .set({ status: "withdrawn", version: version + 1, updatedAt: new Date() })
      .where(and(eq(cases.id, caseId), eq(cases.status, before.status as CaseStatus), eq(cases.version, version)))
      .returning({ id: cases.id, version: cases.version });
    if (!row) throw new ConflictError("This case changed at the same moment elsewhere. Reload the page.");
    await audit(tx, ctx, {
      action: "case.withdraw",
      targetType: "case",
      targetId: caseId,
      caseId,
      details: { from: before.status, to: "withdrawn", reason },
    });
    return { id: row.id, status: "withdrawn" as const, version: row.version };
  });
}

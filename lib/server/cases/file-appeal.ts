import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { appeals, cases, determinations } from "@/db/schema";
import { APPEAL_WINDOW_DAYS } from "@/lib/case-lifecycle";
import { computeDueAt } from "@/lib/due-time";
import { fileAppealInput } from "@/lib/validation/case-input";
import { audit, requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError } from "../errors";
import { getCaseInScope } from "./get-case-in-scope";
import { assertLifecycleMove, evaluateRequest, parseInput, parseRequestOrThrow, requestColumns, storeSnapshot } from "./shared";

const DAY_MS = 86_400_000;

/**
 * Files an appeal of a denial within 180 days of the denial determination: an `appeals` row, the
 * case denied → appeal_submitted with a new due time, and a new evaluation snapshot when the
 * appeal brings new facts.
 */
export async function fileAppeal(ctx: ServiceContext, input: unknown, now: Date = new Date()) {
  await requirePermission(ctx, "case.appeal");
  const data = parseInput(fileAppealInput, input);
  const request = data.request === undefined || data.request === null ? null : parseRequestOrThrow(data.request, "request");
  const evaluation = request ? evaluateRequest(request) : null;
  return withTransaction(ctx, async (tx) => {
    const before = await getCaseInScope(ctx, data.caseId, tx, { forUpdate: true });
    if (before.status !== "denied") throw new ConflictError("Only a denied case can be appealed, once.");
    if (before.version !== data.version) throw new ConflictError("This case changed since you opened it. Reload the page; your appeal was not filed.");
    const [denial] = await tx
      .select({ id: determinations.id, decidedAt: determinations.decidedAt })
      .from(determinations)
      .where(and(eq(determinations.caseId, before.id), eq(determinations.decision, "denied")))
      .orderBy(desc(determinations.decidedAt))
      .limit(1);
    if (!denial) throw new ConflictError("This case has no denial on record to appeal.");
    const deadline = new Date(denial.decidedAt.getTime() + APPEAL_WINDOW_DAYS * DAY_MS);
    if (now > deadline) throw new ConflictError(`The ${APPEAL_WINDOW_DAYS}-day appeal window closed on ${deadline.toISOString().slice(0, 10)}.`);
    const dueAt = computeDueAt(now, (request?.request.urgency ?? before.urgency ?? "standard") as "standard" | "expedited");
    assertLifecycleMove(before.status, "appeal_submitted");
    const [row] = await tx
      .update(cases)
      .set({
        status: "appeal_submitted",
        version: data.version + 1,
        dueAt,
        assigneeId: null,
        claimedAt: null,
        updatedAt: now,
        ...(request && evaluation ? { request, ...requestColumns(request), policyVersion: evaluation.policy.version, engineOutcome: evaluation.outcome } : {}),
      })
      .where(and(eq(cases.id, before.id), eq(cases.status, "denied"), eq(cases.version, data.version)))
      .returning({ id: cases.id, version: cases.version });
    if (!row) throw new ConflictError("This case changed at the same moment elsewhere. Reload the page.");
    const [appeal] = await tx
      .insert(appeals)
      .values({ caseId: before.id, deniedDeterminationId: denial.id, filedBy: ctx.viewer.userId, reason: data.reason, filedAt: now, dueAt })
      .returning({ id: appeals.id });
    const snapshotId = request && evaluation ? await storeSnapshot(tx, { caseId: before.id, reason: "appeal", request, result: evaluation, userId: ctx.viewer.userId }) : null;
    await audit(tx, ctx, {
      action: "case.appeal",
      targetType: "appeal",
      targetId: appeal!.id,
      caseId: before.id,
      details: { from: "denied", to: "appeal_submitted", deniedDeterminationId: denial.id, newFacts: !!request, snapshotId },
    });
    return { id: row.id, appealId: appeal!.id, status: "appeal_submitted" as const, version: row.version, dueAt, evaluation };
  });
}

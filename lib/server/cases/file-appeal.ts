import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { appeals, determinations } from "@/db/schema";
import { APPEAL_WINDOW_DAYS, appealDeadline } from "@/lib/domain";
import { computeDueAt } from "@/lib/due-time";
import { fileAppealInput } from "@/lib/validation/case-input";
import { requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError } from "../errors";
import { parseInput } from "../parse-input";
import { changeCase, lockCase, recordCaseChange } from "./move-case";
import { evaluateRequest, parseRequestOrThrow, requestColumns, storeSnapshot } from "./shared";

/**
 * Files an appeal of a denial within 180 days of the denial determination: an `appeals` row, the
 * case denied → appeal_submitted with a new due time, and a new evaluation snapshot when the
 * appeal brings new facts.
 */
export async function fileAppeal(ctx: ServiceContext, input: unknown, now: Date = new Date()) {
  await requirePermission(ctx, "case.appeal");
  const data = parseInput(fileAppealInput, input);
  const request =
    data.request === undefined || data.request === null ? null : parseRequestOrThrow(data.request, "request");
  const evaluation = request ? evaluateRequest(request) : null;
  return withTransaction(ctx, async (tx) => {
    const before = await lockCase(ctx, tx, data, {
      action: "case.appeal",
      statuses: ["denied"],
      notInStatus: "Only a denied case can be appealed, once.",
      staleVersion: "This case changed since you opened it. Reload the page; your appeal was not filed.",
    });
    const [denial] = await tx
      .select({ id: determinations.id, decidedAt: determinations.decidedAt })
      .from(determinations)
      .where(and(eq(determinations.caseId, before.id), eq(determinations.decision, "denied")))
      .orderBy(desc(determinations.decidedAt))
      .limit(1);
    if (!denial) throw new ConflictError("This case has no denial on record to appeal.");
    const deadline = appealDeadline(denial.decidedAt);
    if (now > deadline)
      throw new ConflictError(
        `The ${APPEAL_WINDOW_DAYS}-day appeal window closed on ${deadline.toISOString().slice(0, 10)}.`,
      );
    const dueAt = computeDueAt(
      now,
      (request?.request.urgency ?? before.urgency ?? "standard") as "standard" | "expedited",
    );
    const changed = await changeCase(ctx, tx, before, {
      status: "appeal_submitted",
      dueAt,
      assigneeId: null,
      claimedAt: null,
      updatedAt: now,
      ...(request && evaluation
        ? {
            request,
            ...requestColumns(request),
            policyVersion: evaluation.policy.version,
            engineOutcome: evaluation.outcome,
          }
        : {}),
    });
    const [appeal] = await tx
      .insert(appeals)
      .values({
        caseId: before.id,
        deniedDeterminationId: denial.id,
        filedBy: ctx.viewer.userId,
        reason: data.reason,
        filedAt: now,
        dueAt,
      })
      .returning({ id: appeals.id });
    const appealId = appeal!.id;
    const snapshotId =
      request && evaluation
        ? await storeSnapshot(tx, {
            caseId: before.id,
            reason: "appeal",
            request,
            result: evaluation,
            userId: ctx.viewer.userId,
          })
        : null;
    await recordCaseChange(ctx, tx, changed, {
      action: "case.appeal",
      targetType: "appeal",
      targetId: appealId,
      caseId: before.id,
      details: { deniedDeterminationId: denial.id, newFacts: !!request, snapshotId },
    });
    return {
      id: changed.after.id,
      appealId,
      status: "appeal_submitted" as const,
      version: changed.after.version,
      dueAt,
      evaluation,
    };
  });
}

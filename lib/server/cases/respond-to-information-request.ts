import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { caseInformationRequests, users, type cases } from "@/db/schema";

type CaseRow = typeof cases.$inferSelect;
import { isNotAddressedByPolicy } from "@/lib/domain";
import { computeDueAt } from "@/lib/due-time";
import type { EvaluationResult } from "@/lib/policy";
import { respondToInformationRequestInput } from "@/lib/validation/case-input";
import type { AuditEventInput } from "@/db/audit-chain";
import { audit, requirePermission, withTransaction, type ServiceContext, type Tx } from "../context";
import { ConflictError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { changeCase, lockCase, recordCaseChange } from "./move-case";
import { parsePolicyRequest } from "@/lib/policy/schema";
import { evaluateRequest, parseRequestOrThrow, requestColumns, requestHashOf, storeSnapshot } from "./shared";

/**
 * Answers the reviewer's open request for information: a note, optionally new facts (the full
 * updated FORMAT request: the evaluation is re-run and kept as a new snapshot). Files are uploaded
 * to the case separately before answering.
 *
 * Where the case goes: back to its holder's review (`in_review`) when a reviewer still holds it;
 * back to the queue (`submitted`, unassigned) when nobody holds it (the reviewer released it while
 * waiting), so it is never stuck "in review" with no one reviewing. When the new facts' evaluation
 * is `not_addressed_by_policy` the case becomes physician-only, and a nurse holder loses it: it
 * returns to the queue unassigned for a physician to claim.
 *
 * Urgency: new facts may change the request's urgency. The review clock keeps counting from the
 * original submission (PRODUCT.md: it does not stop while information is pending), so `dueAt` is
 * recomputed from `submittedAt` with the new urgency (a standard request made expedited becomes due
 * 72 hours after submission, possibly already overdue; the reverse extends it to 7 days).
 */
export async function respondToInformationRequest(
  ctx: ServiceContext,
  input: unknown,
  options: {
    /** Writes more of the same answer in its transaction (a PAS update's documents); answers their audit events. */
    withCase?: (tx: Tx, theCase: CaseRow) => Promise<AuditEventInput[]>;
  } = {},
): Promise<{
  id: string;
  status: "in_review" | "submitted";
  version: number;
  dueAt: Date | null;
  evaluation: EvaluationResult | null;
}> {
  await requirePermission(ctx, "case.respond");
  const data = parseInput(respondToInformationRequestInput, input);
  const request =
    data.request === undefined || data.request === null ? null : parseRequestOrThrow(data.request, "request");
  const evaluation = request ? evaluateRequest(request) : null;
  return withTransaction(ctx, async (tx) => {
    const before = await lockCase(ctx, tx, data, {
      action: "case.respond",
      statuses: ["pending_information"],
      notInStatus: "No information is requested on this case right now; there is nothing to answer.",
      staleVersion: "This case changed since you opened it. Reload the page; your answer was not sent.",
    });
    const [open] = await tx
      .select({ id: caseInformationRequests.id })
      .from(caseInformationRequests)
      .where(and(eq(caseInformationRequests.caseId, before.id), isNull(caseInformationRequests.respondedAt)))
      .orderBy(desc(caseInformationRequests.requestedAt))
      .limit(1);
    if (!open) throw new ConflictError("The reviewer's request for information was already answered.");
    // A case opened before its request was complete (a PAS request without the questionnaire's
    // answers) goes to review only with the complete request: a reviewer never gets a draft.
    if (!request && !parsePolicyRequest(before.request).ok)
      throw new ValidationError(
        "This request is not complete yet: answer the questionnaire (the full request) with your answer.",
        [{ path: "request", message: "is required: the request is not complete yet" }],
      );
    const alongside = (await options.withCase?.(tx, before)) ?? [];
    const now = new Date();
    const physicianOnly = before.physicianOnly || isNotAddressedByPolicy(evaluation?.outcome);
    let holderRole: string | null = null;
    if (before.assigneeId) {
      const [holder] = await tx
        .select({ role: users.role, active: users.active })
        .from(users)
        .where(eq(users.id, before.assigneeId))
        .limit(1);
      holderRole = holder?.active ? holder.role : null;
    }
    const backToQueue = holderRole === null || (physicianOnly && holderRole !== "physician_reviewer");
    const to = backToQueue ? ("submitted" as const) : ("in_review" as const);
    const newUrgency = request?.request.urgency;
    const urgencyChanged = !!newUrgency && newUrgency !== before.urgency;
    const dueAt = urgencyChanged && before.submittedAt ? computeDueAt(before.submittedAt, newUrgency) : before.dueAt;
    const changed = await changeCase(ctx, tx, before, {
      status: to,
      updatedAt: now,
      physicianOnly,
      dueAt,
      ...(backToQueue ? { assigneeId: null, claimedAt: null } : {}),
      ...(request && evaluation
        ? {
            request,
            ...requestColumns(request),
            policyVersion: evaluation.policy.version,
            engineOutcome: evaluation.outcome,
            requestHash: requestHashOf({ request, memberId: before.memberId, memberName: before.memberName }),
          }
        : {}),
    });
    await tx
      .update(caseInformationRequests)
      .set({ respondedBy: ctx.viewer.userId, responseNote: data.note, respondedAt: now })
      .where(eq(caseInformationRequests.id, open.id));
    const snapshotId =
      request && evaluation
        ? await storeSnapshot(tx, {
            caseId: before.id,
            reason: "information_response",
            request,
            result: evaluation,
            userId: ctx.viewer.userId,
          })
        : null;
    await recordCaseChange(ctx, tx, changed, {
      action: "case.respond",
      targetType: "information_request",
      targetId: open.id,
      caseId: before.id,
      details: {
        newFacts: !!request,
        snapshotId,
        outcome: evaluation?.outcome ?? null,
        ...(backToQueue ? { returnedToQueue: true, previousAssigneeId: before.assigneeId } : {}),
        ...(physicianOnly && !before.physicianOnly ? { physicianOnly: true } : {}),
        ...(urgencyChanged
          ? { urgencyFrom: before.urgency, urgencyTo: newUrgency, dueAt: dueAt?.toISOString() ?? null }
          : {}),
      },
    });
    for (const event of alongside) await audit(tx, ctx, event);
    return { id: changed.after.id, status: to, version: changed.after.version, dueAt, evaluation };
  });
}

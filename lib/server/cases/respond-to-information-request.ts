import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { caseInformationRequests, cases } from "@/db/schema";
import type { EvaluationResult } from "@/lib/policy";
import { respondToInformationRequestInput } from "@/lib/validation/case-input";
import { audit, requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError } from "../errors";
import { getCaseInScope } from "./get-case-in-scope";
import { evaluateRequest, parseInput, parseRequestOrThrow, requestColumns, requestHashOf, storeSnapshot } from "./shared";

/**
 * Answers the reviewer's open request for information: a note, optionally new facts (the full
 * updated FORMAT request: the evaluation is re-run and kept as a new snapshot). Files are uploaded
 * to the case separately before answering. The case goes back to review.
 */
export async function respondToInformationRequest(
  ctx: ServiceContext,
  input: unknown,
): Promise<{ id: string; status: "in_review"; version: number; evaluation: EvaluationResult | null }> {
  await requirePermission(ctx, "case.respond");
  const data = parseInput(respondToInformationRequestInput, input);
  const request = data.request === undefined || data.request === null ? null : parseRequestOrThrow(data.request, "request");
  const evaluation = request ? evaluateRequest(request) : null;
  return withTransaction(ctx, async (tx) => {
    const before = await getCaseInScope(ctx, data.caseId, tx, { forUpdate: true });
    if (before.status !== "pending_information") throw new ConflictError("No information is requested on this case right now; there is nothing to answer.");
    if (before.version !== data.version) throw new ConflictError("This case changed since you opened it. Reload the page; your answer was not sent.");
    const [open] = await tx
      .select({ id: caseInformationRequests.id })
      .from(caseInformationRequests)
      .where(and(eq(caseInformationRequests.caseId, before.id), isNull(caseInformationRequests.respondedAt)))
      .orderBy(desc(caseInformationRequests.requestedAt))
      .limit(1);
    if (!open) throw new ConflictError("The reviewer's request for information was already answered.");
    const now = new Date();
    const [row] = await tx
      .update(cases)
      .set({
        status: "in_review",
        version: data.version + 1,
        updatedAt: now,
        ...(request && evaluation
          ? {
              request,
              ...requestColumns(request),
              policyVersion: evaluation.policy.version,
              engineOutcome: evaluation.outcome,
              requestHash: requestHashOf({ request, memberId: before.memberId, memberName: before.memberName }),
            }
          : {}),
      })
      .where(and(eq(cases.id, before.id), eq(cases.status, "pending_information"), eq(cases.version, data.version)))
      .returning({ id: cases.id, version: cases.version });
    if (!row) throw new ConflictError("This case changed at the same moment elsewhere. Reload the page; your answer was not sent.");
    await tx
      .update(caseInformationRequests)
      .set({ respondedBy: ctx.viewer.userId, responseNote: data.note, respondedAt: now })
      .where(eq(caseInformationRequests.id, open.id));
    const snapshotId = request && evaluation ? await storeSnapshot(tx, { caseId: before.id, reason: "information_response", request, result: evaluation, userId: ctx.viewer.userId }) : null;
    await audit(tx, ctx, {
      action: "case.respond",
      targetType: "information_request",
      targetId: open.id,
      caseId: before.id,
      details: { from: "pending_information", to: "in_review", newFacts: !!request, snapshotId, outcome: evaluation?.outcome ?? null },
    });
    return { id: row.id, status: "in_review" as const, version: row.version, evaluation };
  });
}

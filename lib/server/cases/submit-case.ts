import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { together } from "@/db/together";
import { caseInformationRequests, cases } from "@/db/schema";
import { isNotAddressedByPolicy } from "@/lib/domain";
import { computeDueAt } from "@/lib/due-time";
import { parsePolicyRequestDraft, versionInForce, type EvaluationResult, type PolicyRequestDraft } from "@/lib/policy";
import { submitCaseInput } from "@/lib/validation/case-input";
import type { AuditEventInput } from "@/db/audit-chain";
import type * as z from "zod";
import { audit, requirePermission, withTransaction, type ServiceContext, type Tx } from "../context";
import { ConflictError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { getCaseInScope } from "./get-case-in-scope";
import { changeCase, recordCaseChange } from "./move-case";
import { emitCaseEvents } from "../notifications/emit";
import { approveAutomaticallyIfClean } from "../automation/automated-approval";
import {
  evaluateRequest,
  isUniqueViolation,
  newCaseReference,
  parseRequestOrThrow,
  requestColumns,
  requestHashOf,
  storeSnapshot,
} from "./shared";

export interface SubmittedCase<Evaluation = EvaluationResult> {
  id: string;
  reference: string;
  status: string;
  version: number;
  dueAt: Date;
  /** null when the case was opened waiting for information (evaluated once the provider answers). */
  evaluation: Evaluation;
  /** false when this was a repeat of an earlier submission (same idempotency key, same body). */
  created: boolean;
  /** The policy engine's automated approval made in the submission's transaction, if any. */
  automatedApproval?: { determinationId: string } | null;
}

type CaseRow = typeof cases.$inferSelect;

export interface SubmitOptions {
  /** The shape this caller requires (the web form names the member; the API's FORMAT body need not). */
  schema?: z.ZodType<z.infer<typeof submitCaseInput>, unknown>;
  /**
   * Writes more of the same submission in its transaction once the case is known (new, or the one
   * this repeats); answers their audit events, appended after the submission's own.
   */
  withCase?: (tx: Tx, theCase: CaseRow, created: boolean) => Promise<AuditEventInput[]>;
  /**
   * Open the case waiting for information from the provider (`pending_information`, unassigned),
   * with this request for information, as a reviewer's "request information" leaves a case: the
   * request may be incomplete (a draft), so it is not evaluated now; the provider's answer (the
   * respond flow) completes it, evaluates it and sends it to the review queue. The review clock
   * starts now.
   */
  awaitingInformation?: (request: PolicyRequestDraft) => { message: string; items: string[] };
}

/**
 * Submits a request: validates it with the policy schema, evaluates it, stores the case and its
 * evaluation snapshot, sets the due time. Shared by the web form and the JSON API.
 *
 * One case per submission however often it arrives: a repeat with the same idempotency key and
 * the same content returns the first case (`created: false`); the same key with other content is
 * a conflict. Concurrent repeats race on the unique index (organization, idempotency key); the
 * losers see the unique violation and read the winner's case. The web form's key is the one its
 * draft was saved under, so submitting the draft is the same operation.
 *
 * An incomplete request may be submitted: the evaluation's outcome flags it.
 */
export function submitCase(
  ctx: ServiceContext,
  input: unknown,
  options?: SubmitOptions & { awaitingInformation?: undefined },
): Promise<SubmittedCase>;
export function submitCase(
  ctx: ServiceContext,
  input: unknown,
  options: SubmitOptions,
): Promise<SubmittedCase<EvaluationResult | null>>;
export async function submitCase(
  ctx: ServiceContext,
  input: unknown,
  options: SubmitOptions = {},
): Promise<SubmittedCase<EvaluationResult | null>> {
  await requirePermission(ctx, "case.create");
  const data = parseInput(options.schema ?? submitCaseInput, input);
  const awaiting = options.awaitingInformation;
  const request: PolicyRequestDraft = awaiting ? parseDraftOrThrow(data.request) : parseRequestOrThrow(data.request);
  const complete = awaiting ? null : parseRequestOrThrow(request);
  const evaluation = complete ? evaluateRequest(complete) : null;
  const informationRequest = awaiting?.(request);
  const memberId = data.memberId ?? null;
  const memberName = data.memberName ?? null;
  const requestHash = requestHashOf({ request, memberId, memberName });
  const alongside = async (tx: Tx, theCase: CaseRow, created: boolean) =>
    (await options.withCase?.(tx, theCase, created)) ?? [];
  const auditEach = async (tx: Tx, events: AuditEventInput[]) => {
    for (const event of events) await audit(tx, ctx, event);
  };
  const repeat = async (tx: Tx, existing: CaseRow, byCaseId: boolean) => {
    const repeated = repeatOf(existing, requestHash, evaluation, byCaseId);
    await auditEach(tx, await alongside(tx, existing, false));
    return repeated;
  };

  for (let attempt = 0; ; attempt++) {
    try {
      return await withTransaction(
        ctx,
        async (tx) => {
          let existing: CaseRow | undefined = data.caseId
            ? await getCaseInScope(ctx, data.caseId, tx, { forUpdate: true })
            : undefined;
          // FOR UPDATE: a concurrent submit of the same draft waits here, then sees it submitted.
          if (existing && existing.status !== "draft") return repeat(tx, existing, true);
          const now = new Date();
          const dueAt = computeDueAt(now, request.request?.urgency ?? "standard");
          const values = {
            status: informationRequest ? ("pending_information" as const) : ("submitted" as const),
            request,
            memberId,
            memberName,
            ...requestColumns(request),
            policyVersion:
              evaluation?.policy.version ??
              versionInForce(request.request?.requestDate ?? now.toISOString().slice(0, 10)).id,
            engineOutcome: evaluation?.outcome ?? null,
            physicianOnly: isNotAddressedByPolicy(evaluation?.outcome),
            submittedAt: now,
            dueAt,
            requestHash,
            attestedAt: data.attested ? now : null,
            attestedBy: data.attested ? ctx.viewer.userId : null,
            updatedAt: now,
          };
          // The evaluation snapshot the submission was made against (or, waiting for information,
          // the request for it), and its audit event naming it.
          let submittedSnapshotId: string | undefined;
          const storeSubmissionSnapshot = async (caseId: string): Promise<Record<string, string>> => {
            if (!evaluation || !complete) {
              const [asked] = await tx
                .insert(caseInformationRequests)
                .values({ caseId, requestedBy: ctx.viewer.userId, ...informationRequest! })
                .returning({ id: caseInformationRequests.id });
              return { informationRequestId: asked!.id };
            }
            const snapshotId = await storeSnapshot(tx, {
              caseId,
              reason: "submission",
              request: complete,
              result: evaluation,
              userId: ctx.viewer.userId,
            });
            submittedSnapshotId = snapshotId;
            return { snapshotId };
          };
          const submitted = (row: CaseRow, stored: Record<string, string>): AuditEventInput => ({
            action: "case.submit",
            targetType: "case",
            targetId: row.id,
            caseId: row.id,
            details: {
              reference: row.reference,
              outcome: evaluation?.outcome ?? null,
              attested: data.attested === true,
              ...stored,
            },
          });
          let row: CaseRow | undefined;
          // A new case is inserted first; with an idempotency key the insert stands aside when the key
          // is taken (after waiting for a concurrent holder to commit): one statement in the usual case,
          // and the holder is then read FOR UPDATE (a repeat, or the draft saved under that key).
          for (let tries = 0; !existing && !row; tries++) {
            const insert = tx.insert(cases).values({
              ...values,
              reference: newCaseReference(now),
              organizationId: ctx.viewer.organizationId,
              createdBy: ctx.viewer.userId,
              idempotencyKey: data.idempotencyKey ?? null,
            });
            [row] = (await (
              data.idempotencyKey
                ? insert.onConflictDoNothing({ target: [cases.organizationId, cases.idempotencyKey] })
                : insert
            ).returning()) as CaseRow[];
            if (!row && data.idempotencyKey)
              existing = await findByKey(tx, ctx.viewer.organizationId, data.idempotencyKey, true);
            // The key's holder vanished between the two statements (a deleted draft): insert again.
            if (!row && !existing && tries >= 2)
              throw new ConflictError("This submission collided with another one. Submit it again.");
          }
          if (existing) {
            if (existing.status !== "draft") return repeat(tx, existing, false);
            if (data.version !== undefined && data.version !== existing.version)
              throw new ConflictError(
                "This draft was changed in another window since you opened it. Reload it, check it and submit again.",
              );
            const changed = await changeCase(ctx, tx, existing, values);
            row = changed.after;
            const stored = await storeSubmissionSnapshot(row.id);
            const more = await alongside(tx, row, true);
            await recordCaseChange(ctx, tx, changed, submitted(row, stored));
            await auditEach(tx, more);
          } else {
            // The snapshot and the notices do not depend on each other: sent together (one round trip).
            const [stored] = await together(
              storeSubmissionSnapshot(row!.id),
              emitCaseEvents(tx, "case.submit", null, row!),
            );
            const event = submitted(row!, stored);
            const more = await alongside(tx, row!, true);
            // Last: the audit append holds the chain's lock until the commit.
            await audit(tx, ctx, { ...event, details: { from: null, to: row!.status, ...event.details } });
            await auditEach(tx, more);
          }
          row = row!;
          // A fully met, documented and attested request in a phase the plan enabled is approved now.
          const automated = await approveAutomaticallyIfClean(ctx, tx, row, {
            snapshot:
              evaluation && submittedSnapshotId
                ? { id: submittedSnapshotId, policyVersion: evaluation.policy.version, result: evaluation }
                : undefined,
          });
          return {
            id: row.id,
            reference: row.reference,
            status: automated.approved ? automated.status : row.status,
            version: automated.approved ? automated.version : row.version,
            dueAt,
            evaluation,
            created: true,
            automatedApproval: automated.approved ? { determinationId: automated.determinationId } : null,
          };
          // Concurrent submissions share a transaction and one append to the audit chain.
        },
        { groupCommit: true },
      );
    } catch (err) {
      if (attempt < 5 && data.idempotencyKey && isUniqueViolation(err, "cases_org_idempotency_key")) {
        // Another submission with this key won the race; answer with its case.
        const winner = await findByKey(ctx.db, ctx.viewer.organizationId, data.idempotencyKey);
        // With more to write, the next attempt finds the winner inside its transaction.
        if (winner && winner.status !== "draft" && !options.withCase)
          return repeatOf(winner, requestHash, evaluation, false);
        continue;
      }
      if (attempt < 5 && isUniqueViolation(err, "cases_reference_unique")) continue;
      throw err;
    }
  }
}

async function findByKey(db: Db, organizationId: string, key: string, forUpdate = false): Promise<CaseRow | undefined> {
  const query = db
    .select()
    .from(cases)
    .where(and(eq(cases.organizationId, organizationId), eq(cases.idempotencyKey, key)))
    .limit(1);
  const [row] = await (forUpdate ? query.for("update") : query);
  return row;
}

/** A draft request (waiting for information), or a ValidationError with the policy schema's per-field issues. */
function parseDraftOrThrow(input: unknown): PolicyRequestDraft {
  const parsed = parsePolicyRequestDraft(input);
  if (parsed.ok) return parsed.data;
  throw new ValidationError(parsed.error.message, parsed.error.issues);
}

/** A repeat has this submission's content (same hash), so this submission's evaluation is the stored request's. */
function repeatOf(
  existing: CaseRow,
  requestHash: string,
  evaluation: EvaluationResult | null,
  byCaseId: boolean,
): SubmittedCase<EvaluationResult | null> {
  if (existing.requestHash !== requestHash)
    throw new ConflictError(
      byCaseId
        ? `${existing.reference} was already submitted with different content. Open the case to add information instead.`
        : `This idempotency key was already used for ${existing.reference} with a different request. Use a new key for a new request.`,
    );
  return {
    id: existing.id,
    reference: existing.reference,
    status: existing.status,
    version: existing.version,
    dueAt: existing.dueAt!,
    evaluation,
    created: false,
  };
}

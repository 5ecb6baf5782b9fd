import "server-only";
import type { Bundle } from "@medplum/fhirtypes";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { cases, pasUpdates } from "@/db/schema";
import { STATUS_LABELS, WITHDRAWABLE, isDecided } from "@/lib/domain";
import { buildResponseBundle } from "@/lib/fhir/claim-response";
import {
  parsePasUpdate,
  questionnaireIssues,
  reviewedItems,
  type PasIssue,
  type PasUpdate,
} from "@/lib/fhir/pas-bundle";
import { QUESTIONNAIRE_URL } from "@/lib/fhir/constants";
import { parsePolicyRequest, type PolicyRequest } from "@/lib/policy/schema";
import { checkFile, storeAttachment, uploadEvent } from "../attachments/upload-attachment";
import { audit, refuseNotFound, requirePermission, withTransaction, type ServiceContext, type Tx } from "../context";
import { ServiceError } from "../errors";
import { caseScope } from "./get-case-in-scope";
import { isUniqueViolation } from "./shared";
import { getPriorAuthStatus } from "./get-prior-auth-status";
import { respondToInformationRequest } from "./respond-to-information-request";
import { withdrawCase } from "./withdraw-case";

/** A PAS update the portal does not take: 409 naming Claim.related, with what to do instead. */
class UpdateRefused extends ServiceError {
  constructor(message: string) {
    super("CONFLICT", 409, message, [{ path: "Claim.related", message }]);
  }
}

/** The same Bundle.identifier on an update with other content (or for another request). */
class IdentifierReused extends ServiceError {
  constructor() {
    const message =
      "was already used for another update; send a new identifier for a new update (a repeat of the same update answers the request as it stands)";
    super("CONFLICT", 409, `Bundle.identifier ${message}`, [{ path: "Bundle.identifier", message }]);
  }
}

/**
 * PAS Claim/$submit with a Claim update (PAS 2.0.1 "Updating Authorization Requests") on the same
 * case, state machine and audit chain as the portal:
 * - cancelling the whole request (certificationType 3, or every item infoCancelled) withdraws it
 *   while it is undecided;
 * - while the reviewer asks for information (pended for information), the update is the answer:
 *   documents are added, items may be cancelled, a new QuestionnaireResponse gives new facts; the
 *   request is evaluated again and goes back to review (the portal's respond flow, a new
 *   evaluation snapshot in the case's history);
 * - while it is under review, documents may be added (supporting information); changing items or
 *   facts then is refused (PAS lets a payer reject updates): cancel and submit anew, or answer
 *   when information is requested;
 * - a decided request cannot be changed (PAS: a new request is needed).
 * Answers the PAS response Bundle of the case as it now stands; cancelled items are answered "C".
 * Idempotent on Bundle.identifier: a repeat of an update already taken (a retry after a lost
 * answer) changes nothing and answers the request as it stands; other content under the same
 * identifier is a 409.
 */
export async function updatePasRequest(
  ctx: ServiceContext,
  body: unknown,
): Promise<{ ok: true; bundle: Bundle } | { ok: false; issues: PasIssue[] }> {
  await requirePermission(ctx, "case.respond");
  const parsed = parsePasUpdate(body);
  if (!parsed.ok) return parsed;
  const update = parsed.value;
  const [theCase] = await ctx.db
    .select()
    .from(cases)
    .where(and(eq(cases.reference, update.reference), caseScope(ctx)))
    .limit(1);
  if (!theCase || theCase.status === "draft")
    return refuseNotFound(ctx, "case.update", { type: "case", id: update.reference.slice(0, 40) });
  const answer = async () => {
    const state = await getPriorAuthStatus(ctx, theCase.reference);
    return { ok: true as const, bundle: buildResponseBundle(state, update, new Date()) };
  };
  const requestHash = createHash("sha256").update(JSON.stringify(body)).digest("hex");
  const taken = async () => {
    const [row] = await ctx.db
      .select()
      .from(pasUpdates)
      .where(
        and(eq(pasUpdates.organizationId, ctx.viewer.organizationId), eq(pasUpdates.identifier, update.identifier)),
      )
      .limit(1);
    if (row && (row.requestHash !== requestHash || row.caseId !== theCase.id)) throw new IdentifierReused();
    return !!row;
  };
  if (await taken()) return answer();
  const record = async (tx: Tx) => {
    await tx.insert(pasUpdates).values({
      organizationId: ctx.viewer.organizationId,
      identifier: update.identifier,
      caseId: theCase.id,
      requestHash,
    });
  };
  try {
    const refused = await applyUpdate(ctx, theCase, update, record);
    if (refused) return refused;
  } catch (err) {
    // The same update arriving twice at once: the one that lost the race answers like a repeat.
    if (isUniqueViolation(err) && (await taken())) return answer();
    throw err;
  }
  return answer();
}

type CaseRow = typeof cases.$inferSelect;

/** Applies a PAS update to its case (recording it with `record` in the change's transaction); issues when its new facts are refused. */
async function applyUpdate(
  ctx: ServiceContext,
  theCase: CaseRow,
  update: PasUpdate,
  record: (tx: Tx) => Promise<void>,
): Promise<{ ok: false; issues: PasIssue[] } | undefined> {
  const status = STATUS_LABELS[theCase.status].toLowerCase();
  if (isDecided(theCase.status) || !WITHDRAWABLE.includes(theCase.status))
    throw new UpdateRefused(
      isDecided(theCase.status)
        ? `${theCase.reference} is ${status}: a decided request cannot be changed. Submit a new request for any change.`
        : `${theCase.reference} is ${status}: it can no longer be changed. Submit a new request for any change.`,
    );

  if (update.cancelWhole) {
    await withdrawCase(
      ctx,
      { caseId: theCase.id, version: theCase.version, reason: "no_longer_needed" },
      { withCase: record },
    );
  } else {
    const liveCodes = reviewedItems(update.items)
      .filter((i) => !i.cancelled)
      .map((i) => i.code);
    const current = theCase.request as PolicyRequest;
    // A request opened without the questionnaire's answers is completed by an update carrying them.
    if (!update.request && theCase.status === "pending_information" && !parsePolicyRequest(current).ok)
      return {
        ok: false,
        issues: [
          {
            kind: "required",
            expression: "Claim.supportingInfo",
            message: `must reference the QuestionnaireResponse (DTR) answering Questionnaire ${QUESTIONNAIRE_URL}: ${theCase.reference} was received without it, and the policy needs its answers to review the request`,
          },
        ],
      };
    const codesChanged =
      liveCodes.length > 0 &&
      (liveCodes.length !== current.request.cptCodes.length ||
        liveCodes.some((c) => !current.request.cptCodes.includes(c)));
    let request: PolicyRequest | undefined;
    if (update.request || codesChanged) {
      const facts = update.request ?? current;
      const candidate = {
        ...facts,
        request: { ...(facts as PolicyRequest).request, ...(liveCodes.length ? { cptCodes: liveCodes } : {}) },
      };
      const checked = parsePolicyRequest(candidate);
      if (!checked.ok) return { ok: false, issues: questionnaireIssues(checked.error.issues) };
      request = checked.data;
    }
    const files = update.attachments.map(checkFile);
    if (files.length > 0) await requirePermission(ctx, "attachment.upload");
    const storeFiles = async (tx: Tx, row: CaseRow) => {
      await record(tx);
      const events = [];
      for (const file of files) events.push(uploadEvent(await storeAttachment(ctx, tx, row, file), row.id));
      return events;
    };
    if (theCase.status === "pending_information") {
      await respondToInformationRequest(
        ctx,
        {
          caseId: theCase.id,
          version: theCase.version,
          note: describeUpdate(update, files.length, !!request),
          ...(request ? { request } : {}),
        },
        { withCase: storeFiles },
      );
    } else if (request) {
      throw new UpdateRefused(
        `${theCase.reference} is ${status}: its items and answers can be changed when the reviewer asks for information. Until then, add documents, or cancel it (certificationType 3) and submit a new request.`,
      );
    } else if (files.length > 0) {
      await withTransaction(ctx, async (tx) => {
        const events = await storeFiles(tx, theCase);
        for (const event of events) await audit(tx, ctx, event);
      });
    }
  }
  return undefined;
}

/** The answer's note, as reviewers read it in the case's timeline. */
function describeUpdate(update: PasUpdate, documents: number, newFacts: boolean): string {
  const cancelled = update.items.filter((i) => i.cancelled).map((i) => i.code);
  const parts = [
    "Updated by the practice's EHR (PAS Claim update)",
    ...(documents ? [`${documents} document${documents === 1 ? "" : "s"} added`] : []),
    ...(newFacts ? ["new answers to the questionnaire"] : []),
    ...(cancelled.length ? [`CPT ${cancelled.join(", ")} cancelled`] : []),
  ];
  return `${parts.join("; ")}.`;
}

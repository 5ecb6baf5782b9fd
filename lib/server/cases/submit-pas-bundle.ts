import "server-only";
import type { Bundle } from "@medplum/fhirtypes";
import { eq } from "drizzle-orm";
import { attachments } from "@/db/schema";
import { buildResponseBundle, notReviewedState } from "@/lib/fhir/claim-response";
import {
  bundleRequestIssues,
  factsNeeded,
  isPasUpdate,
  parsePasSubmission,
  questionnaireIssues,
  reviewedItems,
  type PasIssue,
} from "@/lib/fhir/pas-bundle";
import { questionnaireCanonical } from "@/lib/fhir/questionnaire";
import { parsePolicyRequest, parsePolicyRequestDraft, type PolicyRequestDraft } from "@/lib/policy/schema";
import { checkFile, storeAttachment, uploadEvent } from "../attachments/upload-attachment";
import { requirePermission, type ServiceContext } from "../context";
import { ConflictError, ServiceError } from "../errors";
import { getPriorAuthStatus } from "./get-prior-auth-status";
import { submitCase } from "./submit-case";
import { updatePasRequest } from "./update-pas-request";
import { versionInForce } from "@/lib/policy/versions";

const versionOf = (request: PolicyRequestDraft) =>
  versionInForce(request.request?.requestDate ?? new Date().toISOString().slice(0, 10)).id;

/**
 * PAS Claim/$submit: a request Bundle (Claim use=preauthorization, Patient, Coverage, requestor,
 * the DTR QuestionnaireResponse and DocumentReference attachments) becomes a case through the same
 * submitCase service as the JSON API, idempotent on Bundle.identifier. The documents are checked
 * like any upload and stored in the submission's transaction: the case never exists without them.
 * Answers the PAS response Bundle with the ClaimResponse (pended while under review), or the
 * Bundle's refused elements.
 *
 * Any conformant PAS request is served:
 * - without this portal's QuestionnaireResponse, the case is opened from what the Bundle says and
 *   waits for information from the provider (pended, A4, with a CommunicationRequest naming what
 *   the policy still needs and the DTR questionnaire); the provider's Claim update carrying the
 *   QuestionnaireResponse completes it, and it is evaluated and goes to review;
 * - items the policy does not address (other CPT codes, other code systems) are answered on their
 *   own, "not reviewed under this policy" (CT with the reason); when no item is addressed, no case
 *   is opened and every item is answered so.
 */
export async function submitPasBundle(
  ctx: ServiceContext,
  body: unknown,
): Promise<{ ok: true; bundle: Bundle } | { ok: false; issues: PasIssue[] }> {
  // A Claim update (Claim.related names the earlier request) changes or cancels that request.
  if (isPasUpdate(body)) return updatePasRequest(ctx, body);
  const parsed = parsePasSubmission(body);
  if (!parsed.ok) return parsed;
  const submission = parsed.value;
  let request: PolicyRequestDraft;
  if (submission.answered) {
    const checked = parsePolicyRequest(submission.request);
    if (!checked.ok) return { ok: false, issues: questionnaireIssues(checked.error.issues) };
    request = checked.data;
  } else {
    const checked = parsePolicyRequestDraft(submission.request);
    if (!checked.ok) return { ok: false, issues: bundleRequestIssues(checked.error.issues) };
    request = checked.data;
  }
  // Nothing the policy addresses: nothing to open. A valid request, answered per item (not a 4xx:
  // PAS keeps OperationOutcomes for Bundles that cannot be processed).
  if (reviewedItems(submission.items).length === 0)
    return { ok: true, bundle: buildResponseBundle(notReviewedState(), submission, new Date()) };
  if (submission.attachments.length > 0) await requirePermission(ctx, "attachment.upload");
  const files = submission.attachments.map(checkFile);
  const result = await submitCase(
    ctx,
    {
      request,
      memberId: submission.memberId,
      memberName: submission.memberName,
      idempotencyKey: `fhir:${submission.identifier}`,
      // The questionnaire's attestation item; with every criterion met and every record attached,
      // the plan's automated approval answers A1 in this response.
      attested: submission.attested,
    },
    {
      // A repeat (same Bundle.identifier and content) adds only the documents the case does not hold yet.
      withCase: async (tx, theCase, created) => {
        const held = created
          ? new Set<string>()
          : new Set(
              (
                await tx
                  .select({ sha256: attachments.sha256 })
                  .from(attachments)
                  .where(eq(attachments.caseId, theCase.id))
              ).map((a) => a.sha256),
            );
        const missing = files.filter((file) => !held.has(file.sha256));
        const events = [];
        for (const file of missing) {
          const stored = await storeAttachment(ctx, tx, theCase, file).catch((err: unknown) => {
            // The case takes no more files: its own refusal, not the Bundle.identifier conflict below.
            throw err instanceof ConflictError ? new ServiceError(err.code, err.status, err.userMessage) : err;
          });
          events.push(uploadEvent(stored, theCase.id));
        }
        return events;
      },
      ...(submission.answered ? {} : { awaitingInformation: askForQuestionnaire }),
    },
  ).catch((err: unknown) => {
    if (err instanceof ConflictError)
      throw new ServiceError(err.code, err.status, err.userMessage, [
        {
          path: "Bundle.identifier",
          message: "was already used for a submission with other content; send a new identifier for a new request",
        },
      ]);
    throw err;
  });
  const state = await getPriorAuthStatus(ctx, result.reference);
  return { ok: true, bundle: buildResponseBundle(state, submission, new Date()) };
}

/** The request for information a case opened without the DTR questionnaire's answers starts with. */
function askForQuestionnaire(request: PolicyRequestDraft): { message: string; items: string[] } {
  const codes = request.request?.cptCodes ?? [];
  return {
    message:
      `Received without the DTR questionnaire's answers: the policy needs them to review CPT ${codes.join(", ")}. ` +
      `Answer Questionnaire ${questionnaireCanonical(versionOf(request))} and send the QuestionnaireResponse ` +
      "(and any documents) in a Claim update naming this request (Claim.related with its preAuthRef).",
    items: factsNeeded(request),
  };
}

import "server-only";
import type { Bundle } from "@medplum/fhirtypes";
import { eq } from "drizzle-orm";
import { attachments } from "@/db/schema";
import { buildResponseBundle } from "@/lib/fhir/claim-response";
import { isPasUpdate, parsePasSubmission, questionnaireIssues, type PasIssue } from "@/lib/fhir/pas-bundle";
import { parsePolicyRequest } from "@/lib/policy/schema";
import { checkFile, storeAttachment, uploadEvent } from "../attachments/upload-attachment";
import { requirePermission, type ServiceContext } from "../context";
import { ConflictError, ServiceError } from "../errors";
import { getPriorAuthStatus } from "./get-prior-auth-status";
import { submitCase } from "./submit-case";
import { updatePasRequest } from "./update-pas-request";

/**
 * PAS Claim/$submit: a request Bundle (Claim use=preauthorization, Patient, Coverage, requestor,
 * the DTR QuestionnaireResponse and DocumentReference attachments) becomes a case through the same
 * submitCase service as the JSON API, idempotent on Bundle.identifier. The documents are checked
 * like any upload and stored in the submission's transaction: the case never exists without them.
 * Answers the PAS response Bundle with the ClaimResponse (pended while under review), or the
 * Bundle's refused elements.
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
  const checked = parsePolicyRequest(submission.request);
  if (!checked.ok) return { ok: false, issues: questionnaireIssues(checked.error.issues) };
  if (submission.attachments.length > 0) await requirePermission(ctx, "attachment.upload");
  const files = submission.attachments.map(checkFile);
  const result = await submitCase(
    ctx,
    {
      request: checked.data,
      memberId: submission.memberId,
      memberName: submission.memberName,
      idempotencyKey: `fhir:${submission.identifier}`,
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

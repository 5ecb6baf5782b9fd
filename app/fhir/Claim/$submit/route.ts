import { createHash } from "node:crypto";
import { buildResponseBundle } from "@/lib/fhir/claim-response";
import { parsePasSubmission } from "@/lib/fhir/pas-bundle";
import { parsePolicyRequest } from "@/lib/policy/schema";
import { uploadAttachment } from "@/lib/server/attachments/upload-attachment";
import { getCaseDetail } from "@/lib/server/cases/get-case-detail";
import { getPriorAuthStatus } from "@/lib/server/cases/get-prior-auth-status";
import { submitCase } from "@/lib/server/cases/submit-case";
import { ConflictError, ServiceError } from "@/lib/server/errors";
import { bundleRefusal, fhirJson, fhirRoute, readFhirJson } from "../../_lib/fhir-http";

/** "clinical.conservativeTherapies[0].endDate" -> the QuestionnaireResponse item that answers it. */
const itemExpression = (path: string) => (path ? `QuestionnaireResponse.item.where(linkId='${path.replace(/\[\d+\]/g, "")}')` : "QuestionnaireResponse");

/**
 * POST /fhir/Claim/$submit (PAS): a request Bundle (Claim use=preauthorization, Patient, Coverage,
 * requestor, the DTR QuestionnaireResponse and DocumentReference attachments) becomes a case
 * through the same submitCase service as the JSON API, idempotent on Bundle.identifier; the
 * documents go through the same upload service (type sniffing, limits). Answers the PAS response
 * Bundle with the ClaimResponse (pended while under review).
 */
export const POST = fhirRoute(async (req, ctx) => {
  const parsed = parsePasSubmission(await readFhirJson(req));
  if (!parsed.ok) return bundleRefusal(parsed.issues);
  const submission = parsed.value;
  const checked = parsePolicyRequest(submission.request);
  if (!checked.ok) return bundleRefusal(checked.error.issues.map((i) => ({ kind: "invalid", expression: itemExpression(i.path), message: `${i.path || "the request"} ${i.message}` })));
  const result = await submitCase(ctx, {
    request: checked.data,
    memberId: submission.memberId,
    memberName: submission.memberName,
    idempotencyKey: `fhir:${submission.identifier}`,
  }).catch((err: unknown) => {
    if (err instanceof ConflictError) throw new ServiceError(err.code, err.status, err.userMessage, [{ path: "Bundle.identifier", message: "was already used for a submission with other content; send a new identifier for a new request" }]);
    throw err;
  });
  // A repeat (same Bundle.identifier and content) adds only the documents the case does not hold
  // yet, so retrying a submission whose upload failed half-way completes it.
  const held = result.created ? new Set<string>() : new Set((await getCaseDetail(ctx, result.id)).attachments.map((a) => a.sha256));
  for (const file of submission.attachments) {
    if (held.has(createHash("sha256").update(file.bytes).digest("hex"))) continue;
    await uploadAttachment(ctx, { caseId: result.id, fileName: file.fileName, bytes: file.bytes });
  }
  const state = await getPriorAuthStatus(ctx, result.reference);
  return fhirJson(buildResponseBundle(state, submission, new Date()));
});

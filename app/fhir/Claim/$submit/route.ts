import { SCOPE_NEEDS } from "@/lib/fhir/smart-scopes";
import { submitPasBundle } from "@/lib/server/cases/submit-pas-bundle";
import { bundleRefusal, fhirJson, fhirRoute, readFhirJson } from "../../_lib/fhir-http";

/**
 * POST /fhir/Claim/$submit (PAS): a request Bundle becomes a case (submitPasBundle); the answer is
 * the PAS response Bundle, or an OperationOutcome naming each refused element.
 */
export const POST = fhirRoute(SCOPE_NEEDS.submit, async (req, ctx) => {
  const result = await submitPasBundle(ctx, await readFhirJson(req));
  return result.ok ? fhirJson(result.bundle) : bundleRefusal(result.issues);
});

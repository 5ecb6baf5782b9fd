import { SCOPE_NEEDS } from "@/lib/fhir/smart-scopes";
import { buildResponseBundle } from "@/lib/fhir/claim-response";
import { parsePasInquiry } from "@/lib/fhir/pas-bundle";
import { getPriorAuthStatus } from "@/lib/server/cases/get-prior-auth-status";
import { bundleRefusal, fhirJson, fhirRoute, readFhirJson } from "../../_lib/fhir-http";

/**
 * POST /fhir/Claim/$inquire (PAS): an inquiry Bundle whose Claim names the earlier answer's
 * preAuthRef (Claim.identifier, system case-reference) answers the current ClaimResponse. Another
 * organization's case is a 404 (audited), as in the JSON API.
 */
export const POST = fhirRoute(SCOPE_NEEDS.inquire, async (req, ctx) => {
  const parsed = parsePasInquiry(await readFhirJson(req));
  if (!parsed.ok) return bundleRefusal(parsed.issues);
  const state = await getPriorAuthStatus(ctx, parsed.value.reference);
  return fhirJson(buildResponseBundle(state, parsed.value, new Date()));
});

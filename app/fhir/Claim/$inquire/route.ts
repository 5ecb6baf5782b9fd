import { SCOPE_NEEDS } from "@/lib/fhir/smart-scopes";
import { buildResponseBundle } from "@/lib/fhir/claim-response";
import { parsePasInquiry } from "@/lib/fhir/pas-bundle";
import { findPriorAuthByMatch } from "@/lib/server/cases/find-prior-auth-by-match";
import { getPriorAuthStatus } from "@/lib/server/cases/get-prior-auth-status";
import { bundleRefusal, fhirJson, fhirRoute, readFhirJson } from "../../_lib/fhir-http";

/**
 * POST /fhir/Claim/$inquire (PAS): an inquiry Bundle whose Claim names the earlier answer's
 * preAuthRef (Claim.identifier, system case-reference) answers the current ClaimResponse; without
 * one, the inquiry matches by example (member ID, the requester's NPI, service codes and dates)
 * among the organization's requests and answers the newest match, naming the others. Another
 * organization's case is a 404 (audited), as in the JSON API.
 */
export const POST = fhirRoute(SCOPE_NEEDS.inquire, async (req, ctx) => {
  const parsed = parsePasInquiry(await readFhirJson(req));
  if (!parsed.ok) return bundleRefusal(parsed.issues);
  const inquiry = parsed.value;
  const found = inquiry.reference
    ? { reference: inquiry.reference, others: [] }
    : await findPriorAuthByMatch(ctx, inquiry.match!);
  const state = await getPriorAuthStatus(ctx, found.reference);
  return fhirJson(buildResponseBundle({ ...state, otherMatches: found.others }, inquiry, new Date()));
});

// Identifiers of the portal's FHIR surface (canonical URLs, code systems, extension URLs) and the
// Da Vinci / HL7 / X12 ones it uses. Pure constants: no I/O.

/** Canonical base of the portal's own FHIR artifacts (a stable identifier, not a network address). */
export const PORTAL_CANONICAL = "https://pa-portal.example.org/fhir";

export const QUESTIONNAIRE_ID = "pharmacy-339-7";
export const QUESTIONNAIRE_URL = `${PORTAL_CANONICAL}/Questionnaire/${QUESTIONNAIRE_ID}`;
/**
 * The questionnaire's last item, outside the request's facts: the provider attests the answers are
 * true and documented in the records sent (valueBoolean). Automated approval needs it.
 */
export const ATTESTATION_LINK_ID = "attestation";
export const ATTESTATION_TEXT =
  "I attest that these answers are true and are documented in the records sent with this request.";

/** The portal's code systems for the interchange format's value lists (one per list). */
export const valueSetSystem = (list: string) => `${PORTAL_CANONICAL}/CodeSystem/${list}`;
/** Criteria of the catalogue, by id. */
export const CRITERION_SYSTEM = `${PORTAL_CANONICAL}/CodeSystem/pharmacy-339-7-criteria`;
/** Case references (ClaimResponse.preAuthRef and the identifier an inquiry names). */
export const CASE_REFERENCE_SYSTEM = `${PORTAL_CANONICAL}/NamingSystem/case-reference`;
/** Policy passage citation on a Questionnaire item, a card or a ClaimResponse item (complex: criterion, anchor, quote, url). */
/** A reviewer's request for information (CommunicationRequest.identifier in PAS responses). */
export const INFORMATION_REQUEST_SYSTEM = `${PORTAL_CANONICAL}/NamingSystem/information-request`;
export const POLICY_CITATION_EXTENSION = `${PORTAL_CANONICAL}/StructureDefinition/policy-citation`;

export const CPT_SYSTEM = "http://www.ama-assn.org/go/cpt";
export const CRD_COVERAGE_INFORMATION =
  "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";
export const PAS_REVIEW_ACTION = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewAction";
export const PAS_REVIEW_ACTION_CODE =
  "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewActionCode";
/** X12 306 Action Code (certified, not certified, pended, cancelled). */
/** PAS Claim update (2.0.1 "Updating Authorization Requests"): cancel a request or its items. */
export const PAS_CERTIFICATION_TYPE =
  "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-certificationType";
export const PAS_INFO_CANCELLED = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-infoCancelled";
/** X12 1322 certification type code 3: Cancel. */
export const X12_CERTIFICATION_CANCEL = "3";
export const X12_REVIEW_ACTION_SYSTEM = "https://codesystem.x12.org/005010/306";
export const CLAIM_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/claim-type";
export const ADJUDICATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/adjudication";

export const FHIR_JSON = "application/fhir+json";

/**
 * The Da Vinci guides served, at the versions HTI-4 adopted for CMS-0057-F (2.0.1 each); where the
 * 2.2.x versions ONC proposes differ on the server side, README "Versions" says which one each
 * endpoint follows.
 */
export const IMPLEMENTATION_GUIDES = [
  "http://hl7.org/fhir/us/davinci-crd/ImplementationGuide/hl7.fhir.us.davinci-crd|2.0.1",
  "http://hl7.org/fhir/us/davinci-dtr/ImplementationGuide/hl7.fhir.us.davinci-dtr|2.0.1",
  "http://hl7.org/fhir/us/davinci-pas/ImplementationGuide/hl7.fhir.us.davinci-pas|2.0.1",
  "http://hl7.org/fhir/uv/subscriptions-backport/ImplementationGuide/hl7.fhir.uv.subscriptions-backport|1.1.0",
] as const;

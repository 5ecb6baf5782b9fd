// PAS: the ClaimResponse (and the response Bundle around it) for a case's current state. Per item
// the X12 306 review action: pended while under review, certified when approved, not certified
// when denied (with the reason and the quoted criteria), cancelled when withdrawn.
// Pure: no I/O.

import type {
  Bundle,
  BundleEntry,
  ClaimResponse,
  ClaimResponseItem,
  CodeableConcept,
  CommunicationRequest,
  Extension,
  Organization,
  Patient,
} from "@medplum/fhirtypes";
import { isAdverseFinding } from "@/lib/domain";
import {
  ADJUDICATION_SYSTEM,
  CASE_REFERENCE_SYSTEM,
  CLAIM_TYPE_SYSTEM,
  INFORMATION_REQUEST_SYSTEM,
  PAS_REVIEW_ACTION,
  PAS_REVIEW_ACTION_CODE,
  X12_REVIEW_ACTION_SYSTEM,
} from "./constants";
import { citationExtension, questionnaireCanonical } from "./questionnaire";
import { POLICY_RULES } from "@/lib/policy/catalogue";
import { REVIEWED_CODES, type ClaimItem, type ClaimParties } from "./pas-bundle";

export interface CitedFinding {
  criterionId: string;
  label: string;
  /** The reviewer's finding: not_met, not_documented… */
  status: string;
  anchor: string;
  quote: string;
}

/** What the ClaimResponse reports: the case and, once decided, the latest determination. */
export interface PriorAuthState {
  reference: string;
  status: string;
  policyVersion: string;
  cptCodes: readonly string[];
  informationRequest?: string | null;
  /** An inquiry by example: the other requests that match (newest first), named in a note. */
  otherMatches?: readonly string[];
  /** The reviewer's open request for information: what is needed, since when, answered before the decision is due. */
  openInformationRequest?: { id: string; items: readonly string[]; requestedAt: Date; dueAt: Date | null } | null;
  determination?: { decision: string; decidedAt: Date; rationale: string; findings: readonly CitedFinding[] } | null;
}

const POLICY_ID = POLICY_RULES[0]!.policyId;

type ReviewAction = "A1" | "A3" | "A4" | "C" | "CT";
const REVIEW_ACTION_DISPLAY: Record<ReviewAction, string> = {
  A1: "Certified in total",
  A3: "Not Certified",
  A4: "Pended",
  C: "Cancelled",
  CT: "Contact Payer",
};

/** The X12 review action and the ClaimResponse.outcome for a case status. */
export function reviewActionOf(status: string): { code: ReviewAction; outcome: "queued" | "complete" } {
  switch (status) {
    case "approved":
    case "appeal_overturned":
      return { code: "A1", outcome: "complete" };
    case "denied":
    case "appeal_upheld":
      return { code: "A3", outcome: "complete" };
    case "withdrawn":
      return { code: "C", outcome: "complete" };
    // No request was opened: the policy addresses none of the items (NOT_REVIEWED).
    case "not_reviewed":
      return { code: "CT", outcome: "complete" };
    default:
      return { code: "A4", outcome: "queued" };
  }
}

const DISPOSITION: Record<ReviewAction, string> = {
  A1: "Certified: the request is approved.",
  A3: "Not certified: the request is denied.",
  A4: "Pended: the request is under clinical review.",
  C: "Cancelled: the request was withdrawn.",
  CT: `Not reviewed: ${POLICY_ID} addresses none of the requested services, and no request was opened.`,
};

const CPT_CODES_REVIEWED = [...REVIEWED_CODES].join(", ");

/**
 * An item the policy does not address (another CPT code, a HCPCS code…) is answered on its own:
 * X12 306 "CT" (Contact Payer), not A3: nothing was decided about it. The reason says why, in
 * words (X12 886 reason codes are licensed; PAS binds reasonCode to them and the text stands in).
 */
export function notReviewedReason(item: ClaimItem): CodeableConcept {
  const code = item.system ? `${item.code} (${item.system})` : `CPT ${item.code}`;
  return {
    text: `Not reviewed under ${POLICY_ID}: it addresses CPT ${CPT_CODES_REVIEWED} only, not ${code}. This is not a coverage decision: other rules of the plan may apply; contact the plan for this service.`,
  };
}

/** A fixed fullUrl for the plan (the insurer) in response Bundles. */
const PLAN_ORGANIZATION_URL = "urn:uuid:5b0f3c1e-3397-4a39-9d1e-000000003397";
const PLAN_ORGANIZATION: Organization = {
  resourceType: "Organization",
  name: "The health plan (prior authorization review)",
};

/** The ClaimResponse for `state`, addressed to the parties of the Claim it answers. */
export function buildClaimResponse(state: PriorAuthState, parties: ClaimParties, now: Date): ClaimResponse {
  const action = reviewActionOf(state.status);
  const adverse =
    action.code === "A3" ? (state.determination?.findings ?? []).filter((f) => isAdverseFinding(f.status)) : [];
  const reason: CodeableConcept | undefined =
    action.code === "A3" && state.determination
      ? {
          text: adverse.length
            ? `Not met under PHARMACY ${state.policyVersion}: ${adverse.map((f) => `${f.label} ("${f.quote}")`).join("; ")}`
            : state.determination.rationale,
        }
      : undefined;
  const reviewActionFor = (code: ReviewAction, itemReason = code === action.code ? reason : undefined): Extension => ({
    url: PAS_REVIEW_ACTION,
    extension: [
      {
        url: PAS_REVIEW_ACTION_CODE,
        valueCodeableConcept: {
          coding: [{ system: X12_REVIEW_ACTION_SYSTEM, code, display: REVIEW_ACTION_DISPLAY[code] }],
        },
      },
      ...(state.reference ? [{ url: "number", valueString: state.reference }] : []),
      ...(itemReason ? [{ url: "reasonCode", valueCodeableConcept: itemReason }] : []),
    ],
  });
  const items: ClaimItem[] =
    parties.items.length > 0 ? parties.items : state.cptCodes.map((code, i) => ({ sequence: i + 1, code }));
  // PAS 1.1 and later carry the review action on the item's adjudication (category "submitted").
  const item: ClaimResponseItem[] = items.map((i) => ({
    ...(adverse.length && !i.notReviewed
      ? {
          extension: adverse.map((f) =>
            citationExtension({ id: f.criterionId, anchor: f.anchor, quote: f.quote }, state.policyVersion),
          ),
        }
      : {}),
    itemSequence: i.sequence,
    adjudication: [
      {
        // An item the provider cancelled in an update is answered cancelled, whatever the rest; an
        // item the policy does not address is answered "not reviewed", whatever the request's state.
        extension: [
          i.cancelled
            ? reviewActionFor("C")
            : i.notReviewed
              ? reviewActionFor("CT", notReviewedReason(i))
              : reviewActionFor(action.code),
        ],
        category: { coding: [{ system: ADJUDICATION_SYSTEM, code: "submitted" }] },
      },
    ],
  }));
  const notes = [
    ...(action.code === "A4" && state.informationRequest ? [`Information requested: ${state.informationRequest}`] : []),
    ...(state.determination && action.code !== "A4" ? [`Rationale: ${state.determination.rationale}`] : []),
    ...(state.otherMatches?.length
      ? [
          `Other requests match this inquiry (newest first; inquire with their preAuthRef): ${state.otherMatches.join(", ")}`,
        ]
      : []),
  ];
  return {
    resourceType: "ClaimResponse",
    ...(state.reference ? { identifier: [{ system: CASE_REFERENCE_SYSTEM, value: state.reference }] } : {}),
    status: "active",
    type: parties.claimType?.coding?.length
      ? parties.claimType
      : { coding: [{ system: CLAIM_TYPE_SYSTEM, code: "professional" }] },
    use: "preauthorization",
    patient: { reference: parties.patient.fullUrl ?? `Patient/${parties.patient.resource!.id}` },
    created: now.toISOString(),
    insurer: { reference: PLAN_ORGANIZATION_URL },
    requestor: {
      reference:
        parties.requestor.fullUrl ?? `${parties.requestor.resource!.resourceType}/${parties.requestor.resource!.id}`,
    },
    // PAS: request 1..1. The Claim is not in the response Bundle: named by the request's reference
    // in this portal, or absent-reason "unknown" when no request was opened (no item reviewed).
    request: state.reference
      ? { type: "Claim", identifier: { system: CASE_REFERENCE_SYSTEM, value: state.reference } }
      : {
          extension: [{ url: "http://hl7.org/fhir/StructureDefinition/data-absent-reason", valueCode: "unknown" }],
        },
    outcome: action.outcome,
    disposition:
      action.code === "A4" && state.openInformationRequest
        ? "Pended: information is needed from the provider (the CommunicationRequest says what, and how to send it)."
        : DISPOSITION[action.code],
    ...(state.reference ? { preAuthRef: state.reference } : {}),
    ...(state.determination && action.code !== "A4"
      ? { preAuthPeriod: { start: state.determination.decidedAt.toISOString() } }
      : {}),
    item,
    ...(action.code === "A4" && state.openInformationRequest
      ? { communicationRequest: [{ reference: informationRequestUrl(state.openInformationRequest.id) }] }
      : {}),
    ...(notes.length
      ? { processNote: notes.map((text, i) => ({ number: i + 1, type: "display" as const, text })) }
      : {}),
  };
}

/** An item's review action, where PAS 1.1 and later put it: on its "submitted" adjudication. */
export function itemReviewAction(item: ClaimResponseItem): Extension | undefined {
  const submitted = item.adjudication?.find((a) =>
    a.category.coding?.some((c) => c.system === ADJUDICATION_SYSTEM && c.code === "submitted"),
  );
  return submitted?.extension?.find((e) => e.url === PAS_REVIEW_ACTION);
}

const informationRequestUrl = (id: string) => `urn:uuid:${id}`;

/**
 * The reviewer's request for information as PAS carries it: a CommunicationRequest the
 * ClaimResponse references, from the plan to the requestor, saying what is needed (one payload per
 * item, and the DTR questionnaire to answer it with), why (the reviewer's message), and by when
 * (the decision's due time: the review clock does not stop while information is pending). The
 * EHR answers with a Claim update carrying documents or a new QuestionnaireResponse. Free-text
 * payloads: PAS binds payload to LOINC attachment codes, which a reviewer's request does not map to.
 */
export function buildInformationRequest(
  state: PriorAuthState,
  parties: ClaimParties,
  open: NonNullable<PriorAuthState["openInformationRequest"]>,
): CommunicationRequest {
  return {
    resourceType: "CommunicationRequest",
    identifier: [{ system: INFORMATION_REQUEST_SYSTEM, value: open.id }],
    status: "active",
    subject: { reference: parties.patient.fullUrl ?? `Patient/${parties.patient.resource!.id}` },
    about: [{ identifier: { system: CASE_REFERENCE_SYSTEM, value: state.reference } }],
    authoredOn: open.requestedAt.toISOString(),
    ...(open.dueAt ? { occurrenceDateTime: open.dueAt.toISOString() } : {}),
    requester: { reference: PLAN_ORGANIZATION_URL },
    recipient: [
      {
        reference:
          parties.requestor.fullUrl ?? `${parties.requestor.resource!.resourceType}/${parties.requestor.resource!.id}`,
      },
    ],
    payload: [
      ...open.items.map((item) => ({ contentString: item })),
      {
        contentAttachment: {
          url: questionnaireCanonical(state.policyVersion),
          title: "The DTR questionnaire: answer it and send a Claim update with the QuestionnaireResponse",
        },
      },
    ],
    ...(state.informationRequest ? { note: [{ text: state.informationRequest }] } : {}),
  };
}

/**
 * The state answered when no request was opened: the policy addresses none of the Claim's items,
 * each answered "not reviewed under this policy" (CT with the reason). No preAuthRef: there is
 * nothing to inquire about or update.
 */
export const notReviewedState = (): PriorAuthState => ({
  reference: "",
  status: "not_reviewed",
  policyVersion: POLICY_RULES[0]!.id,
  cptCodes: [],
});

/** The PAS response Bundle: the ClaimResponse first, then the Patient, requestor and insurer it references (and an open information request). */
export function buildResponseBundle(state: PriorAuthState, parties: ClaimParties, now: Date): Bundle {
  const claimResponse = buildClaimResponse(state, parties, now);
  const open = reviewActionOf(state.status).code === "A4" ? state.openInformationRequest : null;
  const echo = (e: BundleEntry): BundleEntry => ({
    ...(e.fullUrl ? { fullUrl: e.fullUrl } : {}),
    resource: e.resource,
  });
  return {
    resourceType: "Bundle",
    identifier: state.reference
      ? { system: CASE_REFERENCE_SYSTEM, value: `${state.reference}-${now.getTime()}` }
      : { system: "urn:ietf:rfc:3986", value: `urn:uuid:${crypto.randomUUID()}` },
    type: "collection",
    timestamp: now.toISOString(),
    entry: [
      { fullUrl: `urn:uuid:${crypto.randomUUID()}`, resource: claimResponse },
      echo(parties.patient),
      echo(parties.requestor),
      { fullUrl: PLAN_ORGANIZATION_URL, resource: PLAN_ORGANIZATION },
      ...(open
        ? [{ fullUrl: informationRequestUrl(open.id), resource: buildInformationRequest(state, parties, open) }]
        : []),
    ],
  };
}

/**
 * The parties of a case as the portal holds them, for an answer that no request Bundle came with
 * (a subscription notification): the member (plan member ID, name, date of birth), the requesting
 * practice (NPI), and the requested CPT codes as items.
 */
export function casePartiesOf(c: {
  memberId: string | null;
  memberName: string | null;
  dateOfBirth?: string | null;
  cptCodes: readonly string[];
  organization: { name: string; npi: string | null };
}): ClaimParties {
  const patientUrl = `urn:uuid:${crypto.randomUUID()}`;
  const organizationUrl = `urn:uuid:${crypto.randomUUID()}`;
  const patient: Patient = {
    resourceType: "Patient",
    ...(c.memberId
      ? {
          identifier: [
            {
              type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MB" }] },
              value: c.memberId,
            },
          ],
        }
      : {}),
    ...(c.memberName ? { name: [{ text: c.memberName }] } : {}),
    ...(c.dateOfBirth && /^\d{4}-\d{2}-\d{2}$/.test(c.dateOfBirth) ? { birthDate: c.dateOfBirth } : {}),
  };
  const requestor: Organization = {
    resourceType: "Organization",
    name: c.organization.name,
    ...(c.organization.npi
      ? { identifier: [{ system: "http://hl7.org/fhir/sid/us-npi", value: c.organization.npi }] }
      : {}),
  };
  return {
    patient: { fullUrl: patientUrl, resource: patient },
    requestor: { fullUrl: organizationUrl, resource: requestor },
    items: c.cptCodes.map((code, i) => ({ sequence: i + 1, code })),
    claimType: { coding: [{ system: CLAIM_TYPE_SYSTEM, code: "professional" }] },
  };
}

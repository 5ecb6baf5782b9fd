// PAS request / inquiry Bundles and CDS Hooks requests for tests and the benchmark (synthetic data).
import type { Bundle, BundleEntry, Claim, Resource } from "@medplum/fhirtypes";
import { CASE_REFERENCE_SYSTEM, CPT_SYSTEM, PAS_CERTIFICATION_TYPE, PAS_INFO_CANCELLED } from "@/lib/fhir/constants";
import { requestToQuestionnaireResponse } from "@/lib/fhir/questionnaire-response";
import type { PolicyRequest } from "@/lib/policy";

/** The smallest bytes the upload sniffing takes as a PDF, padded to `size`. */
export function pdfBytes(size = 64): Uint8Array {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(new TextEncoder().encode("%PDF-1.4\n"), 0);
  return bytes;
}

const entry = (fullUrl: string, resource: Resource): BundleEntry => ({ fullUrl, resource });

export interface PasOptions {
  identifier?: string;
  documents?: { data: Uint8Array; contentType?: string; title?: string; type?: { system: string; code: string } }[];
  claim?: (claim: Claim) => Claim;
  dropEntries?: string[];
  /** The questionnaire's attestation item, answered (absent: not asked). */
  attested?: boolean;
}

/** A PAS request Bundle for `request`: Claim, Patient, Coverage, requestor Organization, Practitioner, the DTR QuestionnaireResponse and DocumentReferences. */
export function pasRequestBundle(request: PolicyRequest, options: PasOptions = {}): Bundle {
  const qr = requestToQuestionnaireResponse(request, "339.7", "urn:uuid:patient-1", options.attested);
  const documents = options.documents ?? [
    { data: pdfBytes(), contentType: "application/pdf", title: "psych-eval.pdf" },
  ];
  const claim: Claim = {
    resourceType: "Claim",
    status: "active",
    type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/claim-type", code: "professional" }] },
    use: "preauthorization",
    patient: { reference: "urn:uuid:patient-1" },
    created: `${request.request.requestDate}T09:00:00Z`,
    insurer: { reference: "urn:uuid:insurer-1" },
    provider: { reference: "urn:uuid:org-1" },
    priority: {
      coding: [
        {
          system: "http://terminology.hl7.org/CodeSystem/processpriority",
          code: request.request.urgency === "expedited" ? "stat" : "normal",
        },
      ],
    },
    careTeam: [{ sequence: 1, provider: { reference: "urn:uuid:practitioner-1" } }],
    insurance: [{ sequence: 1, focal: true, coverage: { reference: "urn:uuid:coverage-1" } }],
    supportingInfo: [
      {
        sequence: 1,
        category: {
          coding: [{ system: "http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes", code: "freeFormMessage" }],
        },
        valueReference: { reference: "urn:uuid:qr-1" },
      },
      ...documents.map((_, i) => ({
        sequence: i + 2,
        category: {
          coding: [
            { system: "http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes", code: "additionalInformation" },
          ],
        },
        valueReference: { reference: `urn:uuid:doc-${i + 1}` },
      })),
    ],
    item: request.request.cptCodes.map((code, i) => ({
      sequence: i + 1,
      productOrService: { coding: [{ system: CPT_SYSTEM, code }] },
      servicedDate: request.request.serviceDate,
    })),
  };
  const entries: BundleEntry[] = [
    entry("urn:uuid:claim-1", options.claim ? options.claim(claim) : claim),
    entry("urn:uuid:patient-1", {
      resourceType: "Patient",
      name: [{ given: ["Alex"], family: "Example" }],
      birthDate: request.member.dateOfBirth,
      identifier: [{ value: "N-77001" }],
    }),
    entry("urn:uuid:coverage-1", {
      resourceType: "Coverage",
      status: "active",
      subscriberId: "N-77001",
      beneficiary: { reference: "urn:uuid:patient-1" },
      payor: [{ reference: "urn:uuid:insurer-1" }],
    }),
    entry("urn:uuid:org-1", {
      resourceType: "Organization",
      name: "Northside Pain Clinic",
      identifier: [{ system: "http://hl7.org/fhir/sid/us-npi", value: "1234567893" }],
    }),
    entry("urn:uuid:insurer-1", { resourceType: "Organization", name: "The plan" }),
    entry("urn:uuid:practitioner-1", { resourceType: "Practitioner", name: [{ family: "Rivera", given: ["Sam"] }] }),
    entry("urn:uuid:qr-1", qr),
    ...documents.map((d, i) =>
      entry(`urn:uuid:doc-${i + 1}`, {
        resourceType: "DocumentReference",
        status: "current",
        ...(d.type ? { type: { coding: [d.type] } } : {}),
        subject: { reference: "urn:uuid:patient-1" },
        content: [
          { attachment: { contentType: d.contentType, title: d.title, data: Buffer.from(d.data).toString("base64") } },
        ],
      }),
    ),
  ].filter((e) => !options.dropEntries?.includes(e.fullUrl!));
  return {
    resourceType: "Bundle",
    identifier: { system: "urn:ietf:rfc:3986", value: options.identifier ?? `urn:uuid:${crypto.randomUUID()}` },
    type: "collection",
    timestamp: new Date().toISOString(),
    entry: entries,
  };
}

export interface PasUpdateChange {
  /** Cancel the whole request (certificationType 3 on the Claim). */
  cancelWhole?: boolean;
  /** Items (CPT codes) marked infoCancelled. */
  cancelCodes?: string[];
  /** New facts: the update carries a new QuestionnaireResponse for this request. */
  request?: PolicyRequest;
  documents?: PasOptions["documents"];
  /** Leave out the preAuthRef (a malformed update). */
  withoutReference?: boolean;
}

const X12_1322 = "https://codesystem.x12.org/005010/1322";

/**
 * A PAS Claim update (PAS 2.0.1): a Claim whose `related` names the earlier Claim (included) and
 * the preAuthRef, every item of `original` with the cancelled ones flagged, and the changes.
 */
export function pasUpdateBundle(original: PolicyRequest, preAuthRef: string, change: PasUpdateChange = {}): Bundle {
  const base = pasRequestBundle(change.request ?? original, { documents: change.documents ?? [] });
  const earlier = pasRequestBundle(original, { documents: [] }).entry!.find(
    (e) => e.resource!.resourceType === "Claim",
  )!.resource as Claim;
  const cancelled = new Set(change.cancelCodes ?? []);
  const entries = base.entry!.map((e) => {
    if (e.resource!.resourceType !== "Claim") return e;
    const claim = e.resource as Claim;
    const update: Claim = {
      ...claim,
      extension: change.cancelWhole
        ? [{ url: PAS_CERTIFICATION_TYPE, valueCodeableConcept: { coding: [{ system: X12_1322, code: "3" }] } }]
        : undefined,
      related: [
        {
          claim: { reference: "urn:uuid:claim-0" },
          relationship: {
            coding: [{ system: "http://terminology.hl7.org/CodeSystem/related-claim-relationship", code: "prior" }],
          },
          ...(change.withoutReference ? {} : { reference: { system: CASE_REFERENCE_SYSTEM, value: preAuthRef } }),
        },
      ],
      // Only a new QuestionnaireResponse is new facts; otherwise the update carries documents and flags.
      supportingInfo: (claim.supportingInfo ?? []).filter(
        (s) => change.request || s.valueReference?.reference !== "urn:uuid:qr-1",
      ),
      item: original.request.cptCodes.map((code, i) => ({
        sequence: i + 1,
        productOrService: { coding: [{ system: CPT_SYSTEM, code }] },
        ...(cancelled.has(code)
          ? {
              modifierExtension: [{ url: PAS_INFO_CANCELLED, valueBoolean: true }],
              extension: [
                { url: PAS_CERTIFICATION_TYPE, valueCodeableConcept: { coding: [{ system: X12_1322, code: "3" }] } },
              ],
            }
          : {}),
      })),
    };
    return { ...e, resource: update };
  });
  return {
    ...base,
    entry: [
      ...entries,
      // The earlier Claim as sent (its documents and questionnaire are not repeated).
      { fullUrl: "urn:uuid:claim-0", resource: { ...earlier, supportingInfo: undefined } },
    ],
  };
}

/**
 * A PAS inquiry Bundle naming an earlier answer's preAuthRef, or (null) one that matches by
 * example: the member (N-77001), the items' codes and date, the requester's NPI when given.
 */
export function pasInquiryBundle(
  preAuthRef: string | null,
  match: { codes?: string[]; date?: string; npi?: string } = {},
): Bundle {
  const base = pasRequestBundle(
    {
      member: { dateOfBirth: "1968-04-12", lineOfBusiness: "commercial" },
      request: {
        requestDate: "2026-03-02",
        urgency: "standard",
        phase: "trial",
        indication: "chronic_nonmalignant_pain",
        cptCodes: ["62326"],
      },
    },
    { documents: [] },
  );
  return {
    ...base,
    entry: base
      .entry!.filter((e) => e.resource!.resourceType !== "QuestionnaireResponse")
      .map((e) => {
        if (e.resource!.resourceType === "Organization" && e.fullUrl === "urn:uuid:org-1" && preAuthRef === null)
          return {
            ...e,
            resource: {
              ...e.resource!,
              identifier: match.npi ? [{ system: "http://hl7.org/fhir/sid/us-npi", value: match.npi }] : undefined,
            } as Resource,
          };
        if (e.resource!.resourceType !== "Claim") return e;
        const claim = e.resource as Claim;
        return {
          ...e,
          resource: {
            ...claim,
            identifier: preAuthRef === null ? undefined : [{ system: CASE_REFERENCE_SYSTEM, value: preAuthRef }],
            supportingInfo: undefined,
            ...(preAuthRef === null
              ? {
                  item: (match.codes ?? []).map((code, i) => ({
                    sequence: i + 1,
                    productOrService: { coding: [{ system: CPT_SYSTEM, code }] },
                    ...(match.date ? { servicedDate: match.date } : {}),
                  })),
                }
              : {}),
          },
        };
      }),
  };
}

type HookOrder = { id: string; codes: string[]; indication?: string; date?: string };

/** A draft ServiceRequest with CPT codes (and the portal's indication code, when given). */
export function serviceRequest(o: HookOrder) {
  return {
    resourceType: "ServiceRequest" as const,
    id: o.id,
    status: "draft" as const,
    intent: "order" as const,
    subject: { reference: "Patient/patient-1" },
    code: { coding: o.codes.map((code) => ({ system: CPT_SYSTEM, code })) },
    ...(o.date ? { occurrenceDateTime: o.date } : {}),
    ...(o.indication
      ? {
          reasonCode: [
            { coding: [{ system: "https://pa-portal.example.org/fhir/CodeSystem/indication", code: o.indication }] },
          ],
        }
      : {}),
  };
}

export interface HookOptions {
  /** Coverage.subscriberId (default M-CRD-1). */
  memberId?: string;
  /** Leave the prefetch out entirely. */
  noPrefetch?: boolean;
}

const searchset = (resources: object[]) => ({
  resourceType: "Bundle",
  type: "searchset",
  entry: resources.map((resource) => ({ resource })),
});

function prefetchFor(options: HookOptions, more: Record<string, unknown> = {}) {
  if (options.noPrefetch) return {};
  return {
    prefetch: {
      patient: { resourceType: "Patient", id: "patient-1", name: [{ family: "Test", given: ["Member"] }] },
      coverage: searchset([
        {
          resourceType: "Coverage",
          id: "cov-1",
          status: "active",
          subscriberId: options.memberId ?? "M-CRD-1",
          beneficiary: { reference: "Patient/patient-1" },
          payor: [{ display: "The plan" }],
        },
      ]),
      ...more,
    },
  };
}

/** A CDS Hooks order-sign (or order-select) request with one draft ServiceRequest per code list. */
export function hookRequest(
  hook: "order-sign" | "order-select",
  orders: HookOrder[],
  selections?: string[],
  options: HookOptions = {},
) {
  return {
    hook,
    hookInstance: crypto.randomUUID(),
    context: {
      userId: "Practitioner/practitioner-1",
      patientId: "patient-1",
      ...(selections ? { selections } : {}),
      draftOrders: {
        resourceType: "Bundle",
        type: "collection",
        entry: orders.map((o) => ({ resource: serviceRequest(o) })),
      },
    },
    ...prefetchFor(options),
  };
}

/**
 * A CDS Hooks appointment-book request: one proposed Appointment per entry, its CPT codes in
 * `serviceType` and/or in `basedOn` ServiceRequests sent in the `appointmentOrders` prefetch.
 */
export function appointmentBookRequest(
  appointments: { id: string; serviceType?: string[]; basedOn?: HookOrder[]; start?: string }[],
  options: HookOptions & { ordersInPrefetch?: boolean } = {},
) {
  const orders = appointments.flatMap((a) => a.basedOn ?? []);
  return {
    hook: "appointment-book",
    hookInstance: crypto.randomUUID(),
    context: {
      userId: "PractitionerRole/role-1",
      patientId: "patient-1",
      appointments: {
        resourceType: "Bundle",
        type: "collection",
        entry: appointments.map((a) => ({
          resource: {
            resourceType: "Appointment",
            id: a.id,
            status: "proposed",
            ...(a.serviceType
              ? { serviceType: [{ coding: a.serviceType.map((code) => ({ system: CPT_SYSTEM, code })) }] }
              : {}),
            ...(a.basedOn ? { basedOn: a.basedOn.map((o) => ({ reference: `ServiceRequest/${o.id}` })) } : {}),
            start: a.start ?? "2026-12-20T09:00:00Z",
            end: "2026-12-20T10:00:00Z",
            participant: [{ actor: { reference: "Patient/patient-1" }, status: "accepted" }],
          },
        })),
      },
    },
    ...prefetchFor(
      options,
      options.ordersInPrefetch === false ? {} : { appointmentOrders: searchset(orders.map(serviceRequest)) },
    ),
  };
}

/** A CDS Hooks order-dispatch request: the orders referenced in context, sent in the `serviceRequests` prefetch. */
export function orderDispatchRequest(orders: HookOrder[], options: HookOptions & { ordersInPrefetch?: boolean } = {}) {
  return {
    hook: "order-dispatch",
    hookInstance: crypto.randomUUID(),
    context: {
      patientId: "patient-1",
      dispatchedOrders: orders.map((o) => `ServiceRequest/${o.id}`),
      performer: "Organization/performer-1",
    },
    ...prefetchFor(
      options,
      options.ordersInPrefetch === false ? {} : { serviceRequests: searchset(orders.map(serviceRequest)) },
    ),
  };
}

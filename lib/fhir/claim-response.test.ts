import { describe, expect, it } from "vitest";
import type { ClaimResponse } from "@medplum/fhirtypes";
import { findCriterion } from "@/lib/policy";
import {
  buildClaimResponse,
  buildResponseBundle,
  itemReviewAction,
  notReviewedState,
  reviewActionOf,
  type PriorAuthState,
} from "./claim-response";
import type { ClaimParties } from "./pas-bundle";
import { PAS_REVIEW_ACTION_CODE, POLICY_CITATION_EXTENSION } from "./constants";
import { expectPasClaimResponse, expectValidFhir } from "./testing/validate";

const parties: ClaimParties = {
  patient: { fullUrl: "urn:uuid:patient-1", resource: { resourceType: "Patient", birthDate: "1968-04-12" } },
  requestor: { fullUrl: "urn:uuid:org-1", resource: { resourceType: "Organization", name: "Northside" } },
  items: [
    { sequence: 1, code: "62350" },
    { sequence: 2, code: "62362" },
  ],
  claimType: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/claim-type", code: "professional" }] },
};
const now = new Date("2026-04-10T12:00:00Z");
const base: PriorAuthState = {
  reference: "PA-2026-0001",
  status: "submitted",
  policyVersion: "339.7",
  cptCodes: ["62350", "62362"],
};
const reduction = findCriterion("cnmp.implant.pain-reduction")!;
const decided = (decision: string) => ({
  decision,
  decidedAt: new Date("2026-04-09T15:00:00Z"),
  rationale: "Pain fell by 38% during the trial.",
  findings: [
    { criterionId: "cnmp.trial.etiology", label: "Etiology", status: "met", anchor: "a", quote: "q" },
    {
      criterionId: reduction.id,
      label: reduction.label,
      status: "not_met",
      anchor: reduction.anchor,
      quote: reduction.quote,
    },
  ],
});

const code = (cr: ClaimResponse, i = 0) =>
  itemReviewAction(cr.item![i]!)!.extension!.find((e) => e.url === PAS_REVIEW_ACTION_CODE)!.valueCodeableConcept!
    .coding![0]!.code;

describe("ClaimResponse per outcome", () => {
  it("pended while under review (queued, A4 on every item), with an open information request as a note", () => {
    for (const status of ["submitted", "in_review", "pending_information", "appeal_submitted", "appeal_in_review"]) {
      const cr = buildClaimResponse(
        { ...base, status, informationRequest: status === "pending_information" ? "Send the trial log." : null },
        parties,
        now,
      );
      expectPasClaimResponse(cr);
      expect(cr).toMatchObject({
        outcome: "queued",
        preAuthRef: "PA-2026-0001",
        use: "preauthorization",
        patient: { reference: "urn:uuid:patient-1" },
        requestor: { reference: "urn:uuid:org-1" },
      });
      expect(cr.item!.map((i) => i.itemSequence)).toEqual([1, 2]);
      expect([code(cr, 0), code(cr, 1)]).toEqual(["A4", "A4"]);
      expect(cr.preAuthPeriod).toBeUndefined();
      expect(cr.processNote).toEqual(
        status === "pending_information"
          ? [{ number: 1, type: "display", text: "Information requested: Send the trial log." }]
          : undefined,
      );
    }
  });

  it("certified when approved (complete, A1, no citations of adverse findings)", () => {
    for (const status of ["approved", "appeal_overturned"]) {
      const cr = buildClaimResponse({ ...base, status, determination: decided("approved") }, parties, now);
      expectPasClaimResponse(cr);
      expect(cr.outcome).toBe("complete");
      expect(code(cr)).toBe("A1");
      expect((cr.item![0]!.extension ?? []).filter((e) => e.url === POLICY_CITATION_EXTENSION)).toEqual([]);
      expect(cr.preAuthPeriod).toEqual({ start: "2026-04-09T15:00:00.000Z" });
    }
  });

  it("not certified when denied: the reason quotes the criterion not met, each item cites it", () => {
    for (const status of ["denied", "appeal_upheld"]) {
      const cr = buildClaimResponse({ ...base, status, determination: decided("denied") }, parties, now);
      expectPasClaimResponse(cr);
      expect(cr.outcome).toBe("complete");
      expect(code(cr)).toBe("A3");
      const action = itemReviewAction(cr.item![0]!)!;
      expect(action.extension!.find((e) => e.url === "reasonCode")!.valueCodeableConcept!.text).toBe(
        `Not met under PHARMACY 339.7: ${reduction.label} ("${reduction.quote}")`,
      );
      const citations = cr.item![1]!.extension!.filter((e) => e.url === POLICY_CITATION_EXTENSION);
      expect(citations).toHaveLength(1);
      expect(citations[0]!.extension!.find((e) => e.url === "anchor")!.valueString).toBe(reduction.anchor);
      expect(cr.processNote![0]!.text).toBe("Rationale: Pain fell by 38% during the trial.");
    }
  });

  it("cancelled when withdrawn; items from the case's codes when the inquiry lists none", () => {
    const cr = buildClaimResponse({ ...base, status: "withdrawn" }, { ...parties, items: [] }, now);
    expectPasClaimResponse(cr);
    expect(cr.outcome).toBe("complete");
    expect(cr.item!.map((i) => i.itemSequence)).toEqual([1, 2]);
    expect(code(cr)).toBe("C");
    expect(reviewActionOf("withdrawn")).toEqual({ code: "C", outcome: "complete" });
  });

  it("the response Bundle starts with the ClaimResponse and holds every party it references", () => {
    const bundle = buildResponseBundle({ ...base, status: "denied", determination: decided("denied") }, parties, now);
    expectValidFhir(bundle);
    const cr = bundle.entry![0]!.resource as ClaimResponse;
    const urls = bundle.entry!.map((e) => e.fullUrl);
    for (const ref of [cr.patient.reference, cr.requestor!.reference, cr.insurer!.reference])
      expect(urls).toContain(ref);
  });

  it("the validator used here does refuse what base R4 refuses", () => {
    const cr = buildClaimResponse(base, parties, now);
    expect(() => expectValidFhir({ ...cr, patient: undefined })).toThrow();
    expect(() => expectValidFhir({ ...cr, created: 42 })).toThrow();
    expect(() => expectValidFhir({ ...cr, approved: true })).toThrow();
    // Codes are not checked by the base validator, hence the explicit PAS checks.
    expect(() => expectPasClaimResponse({ ...cr, outcome: "maybe" as "queued" })).toThrow();
    const submitted = {
      category: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/adjudication", code: "submitted" }] },
    };
    expect(() => expectPasClaimResponse({ ...cr, item: [{ itemSequence: 1, adjudication: [submitted] }] })).toThrow();
    // PAS 1.0's placement (item.extension) is not where a PAS 2.x client reads the review action.
    const onItem = { itemSequence: 1, extension: cr.item![0]!.adjudication[0]!.extension, adjudication: [submitted] };
    expect(() => expectPasClaimResponse({ ...cr, item: [onItem] })).toThrow();
  });
});

describe("items the policy does not address", () => {
  const mixed: ClaimParties = {
    ...parties,
    items: [
      { sequence: 1, code: "62350" },
      {
        sequence: 2,
        code: "E0783",
        system: "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
        notReviewed: true,
      },
      { sequence: 3, code: "99213", notReviewed: true },
    ],
  };
  const reasonOf = (cr: ClaimResponse, i: number) =>
    itemReviewAction(cr.item![i]!)!.extension!.find((e) => e.url === "reasonCode")?.valueCodeableConcept?.text;

  it("are answered CT with the reason, whatever the request's outcome (never A3, never the denial's citations)", () => {
    const cr = buildClaimResponse({ ...base, status: "denied", determination: decided("denied") }, mixed, now);
    expectPasClaimResponse(cr);
    expect([code(cr, 0), code(cr, 1), code(cr, 2)]).toEqual(["A3", "CT", "CT"]);
    expect(reasonOf(cr, 1)).toMatch(/^Not reviewed under PHARMACY 339\.7: .* not E0783 \(http:\/\/www\.cms\.gov/);
    expect(reasonOf(cr, 2)).toContain("not CPT 99213");
    expect(cr.item![1]!.extension).toBeUndefined();
    expect(cr.item![0]!.extension).toHaveLength(1);
  });

  it("with none addressed: no request opened, no preAuthRef, every item CT, complete", () => {
    const bundle = buildResponseBundle(notReviewedState(), { ...mixed, items: mixed.items.slice(1) }, now);
    expectValidFhir(bundle);
    const cr = bundle.entry![0]!.resource as ClaimResponse;
    expectPasClaimResponse(cr);
    expect(cr.preAuthRef).toBeUndefined();
    expect(cr.identifier).toBeUndefined();
    expect(cr.outcome).toBe("complete");
    expect([code(cr, 0), code(cr, 1)]).toEqual(["CT", "CT"]);
    expect(bundle.identifier!.value).toMatch(/^urn:uuid:/);
  });
});

// A conformant PAS request Bundle shaped as Inferno's PAS test kit sends it (the PAS IG's
// MedicalServicesAuthorizationBundleExample, with CPT 62362 and a HCPCS item; no DTR
// QuestionnaireResponse): served, not refused. The case is opened waiting for the questionnaire's
// answers; the HCPCS item is answered "not reviewed under this policy"; the provider's Claim update
// with the QuestionnaireResponse sends it to review with an evaluation.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, isNull } from "drizzle-orm";
import type { Bundle, Claim, ClaimResponse, CommunicationRequest, OperationOutcome } from "@medplum/fhirtypes";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, caseInformationRequests, cases, evaluationSnapshots, notifications } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { caseRow, ctxFor, givenProviderOrg, givenUser } from "@/test/given";
import { pasUpdateBundle, pdfBytes } from "@/test/fhir-bundles";
import { givenApiKeysAllowedOnFhir } from "@/test/test-ehr";
import { createApiKey } from "@/lib/server/api-keys/create-api-key";
import type { ServiceContext } from "@/lib/server/context";
import { respondToInformationRequest } from "@/lib/server/cases/respond-to-information-request";
import { itemReviewAction } from "@/lib/fhir/claim-response";
import { PAS_REVIEW_ACTION_CODE } from "@/lib/fhir/constants";
import { expectPasResponseBundle } from "@/lib/fhir/testing/validate";
import { documentedRequest } from "@/lib/policy/fixtures";
import type { PolicyRequest } from "@/lib/policy";
import * as submitRoute from "./Claim/$submit/route";

const FIXTURE = new URL("../../test/fixtures/pas-inferno-request.json", import.meta.url);

let handle: DatabaseHandle;
let key: string;
let provider: ServiceContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
  await givenApiKeysAllowedOnFhir(handle.db);
  const org = await givenProviderOrg(handle.db);
  const user = await givenUser(handle.db, "provider", { organizationId: org.id });
  provider = ctxFor(handle.db, user);
  key = (await createApiKey(provider, { name: "EHR" })).key;
});
afterAll(() => handle?.close());

/** The fixture, with a fresh Bundle.identifier (each test is its own submission) and the Claim changed by `claim`. */
function inferno(change: (claim: Claim) => Claim = (c) => c): Bundle {
  const bundle = JSON.parse(readFileSync(FIXTURE, "utf8")) as Bundle;
  return {
    ...bundle,
    identifier: { ...bundle.identifier, value: `inferno-${crypto.randomUUID()}` },
    entry: bundle.entry!.map((e) =>
      e.resource?.resourceType === "Claim" ? { ...e, resource: change(e.resource as Claim) } : e,
    ),
  };
}

const submit = (bundle: unknown) =>
  submitRoute.POST(
    new Request("http://localhost/fhir/Claim/$submit", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/fhir+json" },
      body: JSON.stringify(bundle),
    }),
    { params: Promise.resolve({}) },
  );

const actionOf = (cr: ClaimResponse, sequence: number) => {
  const action = itemReviewAction(cr.item!.find((i) => i.itemSequence === sequence)!)!;
  return {
    code: action.extension!.find((e) => e.url === PAS_REVIEW_ACTION_CODE)!.valueCodeableConcept!.coding![0]!.code,
    reason: action.extension!.find((e) => e.url === "reasonCode")?.valueCodeableConcept?.text,
  };
};
const caseCount = async () => (await handle.db.select({ n: count() }).from(cases))[0]!.n;

/** The answers the provider completes the request with (the DTR questionnaire's, for CPT 62362). */
const answers = (): PolicyRequest => {
  const r = documentedRequest("chronic_nonmalignant_pain", "implant");
  return {
    ...r,
    caseId: undefined,
    member: { ...r.member, dateOfBirth: "1961-09-23" },
    request: { ...r.request, requestDate: "2026-03-02", serviceDate: "2026-04-15", cptCodes: ["62362"] },
  };
};

async function received() {
  const res = await submit(inferno());
  expect(res.status, await res.clone().text()).toBe(200);
  const bundle = (await res.json()) as Bundle;
  const claimResponse = expectPasResponseBundle(bundle);
  const [row] = await handle.db.select().from(cases).where(eq(cases.reference, claimResponse.preAuthRef!));
  return { bundle, claimResponse, row: row! };
}

describe("a conformant PAS request without this portal's QuestionnaireResponse", () => {
  it("is received: A4 for the covered item with the questionnaire to answer, CT for the HCPCS item; the case waits for information", async () => {
    const { bundle, claimResponse, row } = await received();
    expect(claimResponse.outcome).toBe("queued");
    expect(claimResponse.disposition).toMatch(/information is needed/);
    expect(actionOf(claimResponse, 1)).toEqual({ code: "A4", reason: undefined });
    const hcpcs = actionOf(claimResponse, 2);
    expect(hcpcs.code).toBe("CT");
    expect(hcpcs.reason).toMatch(/^Not reviewed under PHARMACY 339\.7: .*not 99212 \(http:\/\/www\.cms\.gov\/Medicare/);
    expect(hcpcs.reason).toContain("not a coverage decision");

    // The CommunicationRequest the ClaimResponse names: what the policy still needs, and the questionnaire.
    const asked = bundle.entry!.find((e) => e.resource?.resourceType === "CommunicationRequest")!;
    expect(claimResponse.communicationRequest).toEqual([{ reference: asked.fullUrl }]);
    const communication = asked.resource as CommunicationRequest;
    const payload = communication.payload!.map((p) => p.contentString ?? p.contentAttachment?.url);
    expect(payload).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Line of business/),
        expect.stringMatching(/^Indication/),
        expect.stringMatching(/^The clinical facts/),
        "https://pa-portal.example.org/fhir/Questionnaire/pharmacy-339-7|339.7",
      ]),
    );
    expect(communication.note![0]!.text).toMatch(/without the DTR questionnaire's answers.*CPT 62362/);
    // The echoed parties keep the request's fullUrls (PAS spec-33).
    expect(claimResponse.patient!.reference).toBe("http://example.org/fhir/Patient/SubscriberExample");

    // The case: pended for information, unassigned, its request as far as the Bundle says it.
    expect(row.status).toBe("pending_information");
    expect(row.assigneeId).toBeNull();
    expect(row.memberId).toBe("1122334455");
    expect(row.memberName).toBe("JOE SMITH");
    expect(row.engineOutcome).toBeNull();
    expect(row.policyVersion).toBe("339.7");
    expect(row.request).toEqual({
      member: { dateOfBirth: "1961-09-23" },
      request: {
        requestDate: "2026-03-02",
        serviceDate: "2026-04-15",
        urgency: "standard",
        phase: "implant",
        cptCodes: ["62362"],
      },
    });
    const open = await handle.db
      .select()
      .from(caseInformationRequests)
      .where(and(eq(caseInformationRequests.caseId, row.id), isNull(caseInformationRequests.respondedAt)));
    expect(open).toHaveLength(1);
    expect(communication.identifier![0]!.value).toBe(open[0]!.id);
    expect(await handle.db.select().from(evaluationSnapshots).where(eq(evaluationSnapshots.caseId, row.id))).toEqual(
      [],
    );
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, row.id), eq(auditEvents.action, "case.submit")));
    expect(event!.outcome).toBe("ok");
    expect(event!.details).toMatchObject({
      from: null,
      to: "pending_information",
      reference: row.reference,
      outcome: null,
      informationRequestId: open[0]!.id,
    });
    // The practice is told (bell; email and webhooks by its choices) that answers are needed.
    const told = await handle.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.caseId, row.id), eq(notifications.userId, provider.viewer.userId)));
    expect(told.map((n) => n.kind)).toEqual(["case.information_requested"]);
  });

  it("a QuestionnaireResponse to another questionnaire is supporting information, not the request's answers", async () => {
    const bundle = inferno((c) => ({
      ...c,
      supportingInfo: [
        {
          sequence: 1,
          category: {
            coding: [
              { system: "http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes", code: "additionalInformation" },
            ],
          },
          valueReference: { reference: "QuestionnaireResponse/OtherPayerDtr" },
        },
      ],
    }));
    bundle.entry!.push({
      fullUrl: "http://example.org/fhir/QuestionnaireResponse/OtherPayerDtr",
      resource: {
        resourceType: "QuestionnaireResponse",
        id: "OtherPayerDtr",
        questionnaire: "http://example.org/fhir/Questionnaire/home-oxygen|1.0",
        status: "completed",
        subject: { reference: "Patient/SubscriberExample" },
        item: [{ linkId: "1", answer: [{ valueBoolean: true }] }],
      },
    });
    const res = await submit(bundle);
    expect(res.status, await res.clone().text()).toBe(200);
    const cr = expectPasResponseBundle((await res.json()) as Bundle);
    expect(actionOf(cr, 1).code).toBe("A4");
    const [row] = await handle.db.select().from(cases).where(eq(cases.reference, cr.preAuthRef!));
    expect(row!.status).toBe("pending_information");
  });

  it("is one case however often it arrives (Bundle.identifier)", async () => {
    const bundle = inferno();
    const first = expectPasResponseBundle((await (await submit(bundle)).json()) as Bundle);
    const before = await caseCount();
    const again = await submit(bundle);
    expect(again.status).toBe(200);
    expect(expectPasResponseBundle((await again.json()) as Bundle).preAuthRef).toBe(first.preAuthRef);
    expect(await caseCount()).toBe(before);
  });

  it("an update carrying the QuestionnaireResponse returns it to review with an evaluation", async () => {
    const { claimResponse, row } = await received();
    // The update repeats every item, the HCPCS one too.
    const update = pasUpdateBundle(answers(), claimResponse.preAuthRef!, { request: answers() });
    const claim = update.entry!.find((e) => (e.resource as Claim | undefined)?.related)!.resource as Claim;
    claim.item!.push({
      sequence: 2,
      productOrService: {
        coding: [{ system: "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", code: "99212" }],
      },
    });
    const res = await submit(update);
    expect(res.status, await res.clone().text()).toBe(200);
    const answered = (await res.json()) as Bundle;
    const cr = expectPasResponseBundle(answered);
    expect(actionOf(cr, 1).code).toBe("A4");
    expect(actionOf(cr, 2).code).toBe("CT");
    expect(cr.communicationRequest).toBeUndefined();
    expect(answered.entry!.some((e) => e.resource?.resourceType === "CommunicationRequest")).toBe(false);

    const after = await caseRow(handle.db, row.id);
    // Nobody holds it: it goes to the review queue.
    expect(after.status).toBe("submitted");
    expect(after.request).toEqual(answers());
    expect(after.engineOutcome).toMatch(/\S/);
    const snapshots = await handle.db.select().from(evaluationSnapshots).where(eq(evaluationSnapshots.caseId, row.id));
    expect(snapshots.map((s) => [s.reason, s.outcome])).toEqual([["information_response", after.engineOutcome]]);
    const [request] = await handle.db
      .select()
      .from(caseInformationRequests)
      .where(eq(caseInformationRequests.caseId, row.id));
    expect(request!.respondedAt).not.toBeNull();
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.caseId, row.id), eq(auditEvents.action, "case.respond")));
    expect(event!.details).toMatchObject({ from: "pending_information", to: "submitted", newFacts: true });
  });

  it("an update without the QuestionnaireResponse does not send the incomplete request to review: 400 naming Claim.supportingInfo", async () => {
    const { claimResponse, row } = await received();
    const res = await submit(
      pasUpdateBundle(answers(), claimResponse.preAuthRef!, {
        documents: [{ data: pdfBytes(90), contentType: "application/pdf", title: "op-note.pdf" }],
      }),
    );
    expect(res.status).toBe(400);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.issue!.map((i) => i.expression?.[0])).toEqual(["Claim.supportingInfo"]);
    expect(outcome.issue![0]!.diagnostics).toMatch(/QuestionnaireResponse/);
    const after = await caseRow(handle.db, row.id);
    expect([after.status, after.version]).toEqual(["pending_information", row.version]);
  });

  it("the portal's own answer form cannot send it to review without the full request either", async () => {
    const { row } = await received();
    await expect(
      respondToInformationRequest(provider, { caseId: row.id, version: row.version, note: "Documents attached." }),
    ).rejects.toMatchObject({ status: 400 });
    expect((await caseRow(handle.db, row.id)).status).toBe("pending_information");
  });
});

describe("a request of items the policy does not address", () => {
  it("opens no case: every item answered CT (not reviewed under this policy), no preAuthRef", async () => {
    const before = await caseCount();
    const res = await submit(inferno((c) => ({ ...c, item: c.item!.filter((i) => i.sequence === 2) })));
    expect(res.status, await res.clone().text()).toBe(200);
    const cr = expectPasResponseBundle((await res.json()) as Bundle);
    expect(cr.outcome).toBe("complete");
    expect(cr.preAuthRef).toBeUndefined();
    expect(cr.item!.map((i) => i.itemSequence)).toEqual([2]);
    expect(actionOf(cr, 2).code).toBe("CT");
    expect(actionOf(cr, 2).reason).toMatch(/Not reviewed under PHARMACY 339\.7/);
    expect(await caseCount()).toBe(before);
  });

  it("a CPT code outside the policy's Applicable Codes is not reviewed either", async () => {
    const before = await caseCount();
    const res = await submit(
      inferno((c) => ({
        ...c,
        item: [
          {
            ...c.item![0]!,
            productOrService: { coding: [{ system: "http://www.ama-assn.org/go/cpt", code: "99213" }] },
          },
        ],
      })),
    );
    expect(res.status).toBe(200);
    const cr = expectPasResponseBundle((await res.json()) as Bundle);
    expect(actionOf(cr, 1)).toMatchObject({ code: "CT", reason: expect.stringContaining("not CPT 99213") });
    expect(await caseCount()).toBe(before);
  });
});

describe("a request that is not a valid PAS Bundle is still refused, and nothing is created", () => {
  const refusals: [string, () => Bundle, string][] = [
    [
      "an unresolvable patient",
      () => inferno((c) => ({ ...c, patient: { reference: "Patient/nobody" } })),
      "Claim.patient",
    ],
    [
      "an item without a code",
      () => inferno((c) => ({ ...c, item: [{ ...c.item![0]!, productOrService: { text: "a pump" } }] })),
      "Claim.item[0].productOrService",
    ],
    ["no items", () => inferno((c) => ({ ...c, item: [] })), "Claim.item"],
    ["not a preauthorization", () => inferno((c) => ({ ...c, use: "claim" })), "Claim.use"],
    [
      "a reference into nothing",
      () => inferno((c) => ({ ...c, referral: { reference: "ServiceRequest/elsewhere" } })),
      "Claim.referral",
    ],
    [
      "no member ID",
      () => {
        const bundle = inferno();
        for (const e of bundle.entry!) {
          const r = e.resource as { resourceType: string; subscriberId?: string; identifier?: unknown };
          if (r.resourceType === "Coverage") delete r.subscriberId;
          if (r.resourceType === "Patient") delete r.identifier;
        }
        return bundle;
      },
      "Coverage.subscriberId",
    ],
    [
      "a birth date after the request date",
      () => {
        const bundle = inferno();
        for (const e of bundle.entry!)
          if (e.resource?.resourceType === "Patient") (e.resource as { birthDate?: string }).birthDate = "2027-01-01";
        return bundle;
      },
      "Patient.birthDate",
    ],
  ];
  it.each(refusals)("%s: 400 naming the element", async (_, bundle, expression) => {
    const before = await caseCount();
    const res = await submit(bundle());
    expect(res.status).toBe(400);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.issue!.map((i) => i.expression?.[0])).toContain(expression);
    expect(await caseCount()).toBe(before);
  });
});

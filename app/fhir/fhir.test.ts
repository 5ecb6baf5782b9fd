import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSubscription } from "@/lib/fhir/subscription";
import * as subscriptionCollectionRoute from "./Subscription/route";
import * as subscriptionInstanceRoute from "./Subscription/[id]/route";
import { readFileSync } from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import type { Bundle, ClaimResponse, Extension, OperationOutcome, Parameters, Questionnaire } from "@medplum/fhirtypes";
import type { DatabaseHandle } from "@/db/client";
import { cases } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { givenApiKeysAllowedOnFhir } from "@/test/test-ehr";
import {
  ctxFor,
  givenProviderOrg,
  givenUser,
  cnmpTrialRequest,
  caseVersion,
  findingsFor,
  givenPlanOrg,
  givenApprovedCase,
} from "@/test/given";
import { documentedRequest } from "@/lib/policy/fixtures";
import {
  appointmentBookRequest,
  hookRequest,
  orderDispatchRequest,
  pasInquiryBundle,
  pasRequestBundle,
  pdfBytes,
} from "@/test/fhir-bundles";
import { createApiKey } from "@/lib/server/api-keys/create-api-key";
import { getCaseDetail } from "@/lib/server/cases/get-case-detail";
import { listReviewQueue } from "@/lib/server/review/list-review-queue";
import { claimCase } from "@/lib/server/review/claim-case";
import { denyCase } from "@/lib/server/review/deny-case";
import { findCriterion, type EvaluationResult } from "@/lib/policy";
import { CRD_COVERAGE_INFORMATION, PAS_REVIEW_ACTION_CODE, POLICY_CITATION_EXTENSION } from "@/lib/fhir/constants";
import { itemReviewAction } from "@/lib/fhir/claim-response";
import { questionnaireResponseToRequest } from "@/lib/fhir/questionnaire-response";
import { parsePasInquiry, parsePasSubmission, parsePasUpdate } from "@/lib/fhir/pas-bundle";
import { readHookRequest } from "@/lib/fhir/crd";
import { expectCoverageInformation, expectPasClaimResponse, expectValidFhir } from "@/lib/fhir/testing/validate";
import * as evaluateRoute from "@/app/api/v1/evaluate/route";
import * as metadataRoute from "./metadata/route";
import * as packageRoute from "./Questionnaire/$questionnaire-package/route";
import * as submitRoute from "./Claim/$submit/route";
import * as inquireRoute from "./Claim/$inquire/route";
import * as discoveryRoute from "@/app/cds-services/route";
import * as hookRoute from "@/app/cds-services/[id]/route";

let handle: DatabaseHandle;
let keyA: string;
let keyB: string;
let orgA: string;
let providerA: Awaited<ReturnType<typeof givenUser>>;
let nurse: Awaited<ReturnType<typeof givenUser>>;
let physician: Awaited<ReturnType<typeof givenUser>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  // These tests are of the FHIR behaviour; authentication (SMART, CDS Hooks JWTs) has app/oauth/smart-backend-services.test.ts.
  await givenApiKeysAllowedOnFhir(handle.db);
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
  const a = await givenProviderOrg(handle.db);
  const b = await givenProviderOrg(handle.db);
  const plan = await givenPlanOrg(handle.db);
  orgA = a.id;
  providerA = await givenUser(handle.db, "provider", { organizationId: a.id });
  keyA = (
    await createApiKey(ctxFor(handle.db, providerA), {
      name: "EHR",
    })
  ).key;
  keyB = (
    await createApiKey(ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: b.id })), {
      name: "EHR",
    })
  ).key;
  nurse = await givenUser(handle.db, "nurse_reviewer", { organizationId: plan.id });
  physician = await givenUser(handle.db, "physician_reviewer", { organizationId: plan.id });
});
afterAll(() => handle?.close());

const noParams = { params: Promise.resolve({}) };
function post(path: string, body: unknown, key = keyA, contentType = "application/fhir+json") {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
const submit = async (bundle: unknown, key = keyA) =>
  submitRoute.POST(post("/fhir/Claim/$submit", bundle, key), noParams);
const inquire = async (bundle: unknown, key = keyA) =>
  inquireRoute.POST(post("/fhir/Claim/$inquire", bundle, key), noParams);
const caseCount = async () =>
  Number((await handle.db.select({ n: count() }).from(cases).where(eq(cases.organizationId, orgA)))[0]!.n);
const claimResponseOf = (b: Bundle) => b.entry![0]!.resource as ClaimResponse;
const reviewAction = (cr: ClaimResponse, i = 0) => itemReviewAction(cr.item![i]!)!;
const actionCode = (cr: ClaimResponse) =>
  reviewAction(cr).extension!.find((e) => e.url === PAS_REVIEW_ACTION_CODE)!.valueCodeableConcept!.coding![0]!.code;

async function outcomeOf(res: Response, status: number): Promise<OperationOutcome> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/fhir\+json/);
  const body = (await res.json()) as OperationOutcome;
  expect(body.resourceType).toBe("OperationOutcome");
  expectValidFhir(body);
  return body;
}

describe("metadata and discovery", () => {
  it("GET /fhir/metadata lists exactly the operations implemented", async () => {
    const res = metadataRoute.GET(new Request("http://localhost/fhir/metadata"));
    const cs = await res.json();
    expectValidFhir(cs);
    expect(
      cs.rest[0].resource.map(
        (r: { type: string; operation: { name: string }[] }) => `${r.type}:${r.operation.map((o) => o.name).join(",")}`,
      ),
    ).toEqual(["Questionnaire:questionnaire-package", "Claim:submit,inquire", "Subscription:status"]);
    // Canonicals are case-sensitive: exactly the OperationDefinition urls of the DTR and PAS IGs.
    expect(
      cs.rest[0].resource.flatMap((r: { operation: { definition: string }[] }) => r.operation.map((o) => o.definition)),
    ).toEqual([
      "http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package",
      "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit",
      "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-inquiry",
      "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status",
    ]);
    // PAS subscriptions: the interactions PAS names (create, update, delete) and read/search, each with a handler.
    const subscription = cs.rest[0].resource.find((r: { type: string }) => r.type === "Subscription");
    expect(subscription.interaction.map((i: { code: string }) => i.code)).toEqual([
      "create",
      "read",
      "update",
      "delete",
      "search-type",
    ]);
    expect(subscription.extension[0].valueCanonical).toBe(
      "http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic",
    );
    expect(Object.keys(subscriptionCollectionRoute).sort()).toEqual(["GET", "POST"]);
    expect(Object.keys(subscriptionInstanceRoute).sort()).toEqual(["DELETE", "GET", "PUT"]);
    // The versions served are declared: the Da Vinci guides at 2.0.1, as HTI-4 adopted them.
    expect(cs.implementationGuide).toEqual([
      "http://hl7.org/fhir/us/davinci-crd/ImplementationGuide/hl7.fhir.us.davinci-crd|2.0.1",
      "http://hl7.org/fhir/us/davinci-dtr/ImplementationGuide/hl7.fhir.us.davinci-dtr|2.0.1",
      "http://hl7.org/fhir/us/davinci-pas/ImplementationGuide/hl7.fhir.us.davinci-pas|2.0.1",
      "http://hl7.org/fhir/uv/subscriptions-backport/ImplementationGuide/hl7.fhir.uv.subscriptions-backport|1.1.0",
    ]);
    // SMART Backend Services is declared where clients look for it.
    expect(cs.rest[0].security.service[0].coding[0].code).toBe("SMART-on-FHIR");
    expect(cs.rest[0].security.extension[0].extension).toEqual([
      { url: "token", valueUri: "http://localhost/oauth/token" },
    ]);
  });

  it("GET /cds-services lists CRD's primary hooks and order-select, each prefetching Patient and Coverage", async () => {
    const body = await discoveryRoute.GET().json();
    expect(body.services.map((s: { hook: string }) => s.hook)).toEqual([
      "appointment-book",
      "order-select",
      "order-sign",
      "order-dispatch",
    ]);
    for (const s of body.services as { prefetch: Record<string, string> }[])
      expect(Object.keys(s.prefetch).slice(0, 2)).toEqual(["patient", "coverage"]);
    // The CapabilityStatement names the same hooks.
    const cs = await metadataRoute.GET(new Request("http://localhost/fhir/metadata"));
    const documentation = (await cs.json()).rest[0].documentation as string;
    for (const s of body.services as { hook: string }[]) expect(documentation).toContain(s.hook);
  });
});

describe("the round trip: CRD card -> questionnaire package -> QuestionnaireResponse -> $submit -> review -> $inquire", () => {
  it("goes from order to a cited denial without re-typing anything", async () => {
    // CRD: the order for a trial infusion (62326) gets a card that authorization is required.
    const hook = await hookRoute.POST(
      post(
        "/cds-services/pa-339-7-order-sign",
        hookRequest("order-sign", [{ id: "sr-1", codes: ["62326"], indication: "chronic_nonmalignant_pain" }]),
      ),
      { params: Promise.resolve({ id: "pa-339-7-order-sign" }) },
    );
    expect(hook.status).toBe(200);
    const crd = await hook.json();
    expect(crd.cards).toHaveLength(1);
    const card = crd.cards[0];
    expect(card.summary).toMatch(/Prior authorization required under PHARMACY 339\.7 for CPT 62326/);
    // The documentation the policy needs for a chronic non-malignant pain trial, quoted and linked.
    const psych = findCriterion("cnmp.trial.psychological")!;
    expect(card.detail).toContain(`"${psych.quote}"`);
    expect(card.detail).toContain(`http://localhost/policy/339.7#${psych.anchor}`);
    expect(card.detail).not.toMatch(/cancer-related pain/);
    // Every link opens a page a browser can show: the request form for this order, and the policy.
    expect(card.links.map((l: { url: string; type: string }) => [l.type, l.url])).toEqual([
      ["absolute", "http://localhost/cases/new?phase=trial&indication=chronic_nonmalignant_pain&cpt=62326"],
      ["absolute", "http://localhost/policy/339.7"],
    ]);
    const action = crd.systemActions[0];
    expect(action.type).toBe("update");
    expectValidFhir(action.resource);
    const info = (action.resource.extension as Extension[]).find((e) => e.url === CRD_COVERAGE_INFORMATION)!;
    expectCoverageInformation(info);
    const sub = Object.fromEntries(info.extension!.map((e) => [e.url, e]));
    expect(sub["covered"]!.valueCode).toBe("covered");
    expect(sub["pa-needed"]!.valueCode).toBe("auth-needed");
    expect(sub["doc-needed"]!.valueCode).toBe("clinical");
    expect(sub["coverage"]!.valueReference).toEqual({ reference: "Coverage/cov-1" });
    expect(sub["questionnaire"]!.valueCanonical).toMatch(/Questionnaire\/pharmacy-339-7\|339\.7$/);

    // DTR: the questionnaire package.
    const pkg = await packageRoute.POST(
      post("/fhir/Questionnaire/$questionnaire-package", {
        resourceType: "Parameters",
        parameter: [
          {
            name: "coverage",
            resource: {
              resourceType: "Coverage",
              status: "active",
              beneficiary: { reference: "Patient/p" },
              payor: [{ display: "plan" }],
            },
          },
        ],
      }),
      noParams,
    );
    expect(pkg.status).toBe(200);
    const params = (await pkg.json()) as Parameters;
    expectValidFhir(params);
    const questionnaire = (params.parameter![0]!.resource as Bundle).entry![0]!.resource as Questionnaire;
    expect(questionnaire.version).toBe("339.7");

    // The EHR fills it (the factory answers every item of cnmpTrialRequest) and submits it with a PDF.
    const request = cnmpTrialRequest();
    const bundle = pasRequestBundle(request, { identifier: "urn:uuid:0f0e4f7a-round-trip-0001" });
    const qr = bundle.entry!.find((e) => e.resource!.resourceType === "QuestionnaireResponse")!.resource!;
    expect(questionnaireResponseToRequest(qr)).toEqual({ ok: true, request, attested: false });
    expectValidFhir(bundle);
    const res = await submit(bundle);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Bundle;
    expectValidFhir(answer);
    const pended = claimResponseOf(answer);
    expectPasClaimResponse(pended);
    expect(pended).toMatchObject({
      resourceType: "ClaimResponse",
      use: "preauthorization",
      outcome: "queued",
      patient: { reference: "urn:uuid:patient-1" },
    });
    expect(actionCode(pended)).toBe("A4");
    const reference = pended.preAuthRef!;

    // The case is in the reviewer queue, with the evaluation the JSON API gives for the same request.
    const queue = await listReviewQueue(ctxFor(handle.db, nurse));
    const row = queue.rows.find((r) => r.reference === reference)!;
    expect(row).toMatchObject({ status: "submitted", engineOutcome: "meets_criteria" });
    const detail = await getCaseDetail(ctxFor(handle.db, nurse), row.id);
    const viaJson = await (
      await evaluateRoute.POST(post("/api/v1/evaluate", request, keyA, "application/json"), noParams)
    ).json();
    expect(detail.evaluation).toEqual(viaJson);
    expect(detail.case).toMatchObject({ memberId: "N-77001", memberName: "Alex Example" });
    expect(detail.attachments).toEqual([
      expect.objectContaining({ fileName: "psych-eval.pdf", contentType: "application/pdf", size: 64 }),
    ]);

    // A repeat of the same Bundle answers the same case and adds no second copy of the file.
    const n = await caseCount();
    const again = claimResponseOf(await (await submit(bundle)).json());
    expect(again.preAuthRef).toBe(reference);
    expect(await caseCount()).toBe(n);
    expect((await getCaseDetail(ctxFor(handle.db, nurse), row.id)).attachments).toHaveLength(1);

    // Still pended on inquiry; another organization cannot see it.
    const before = claimResponseOf(await (await inquire(pasInquiryBundle(reference))).json());
    expect(actionCode(before)).toBe("A4");
    const foreign = await outcomeOf(await inquire(pasInquiryBundle(reference), keyB), 404);
    expect(foreign.issue[0]!.code).toBe("not-found");

    // A physician denies through the real services, citing the psychological criterion.
    const claim = await claimCase(ctxFor(handle.db, physician), {
      caseId: row.id,
      version: await caseVersion(handle.db, row.id),
    });
    await denyCase(ctxFor(handle.db, physician), {
      caseId: row.id,
      version: claim.version,
      findings: findingsFor(detail.evaluation as EvaluationResult, {
        "cnmp.trial.psychological": { status: "not_documented", note: "No evaluation report in the records" },
      }),
      rationale: "The psychological evaluation is not documented in the records.",
    });

    // $inquire: not certified, with the reason and the quoted criterion.
    const inquiry = await inquire(pasInquiryBundle(reference));
    expect(inquiry.status).toBe(200);
    const decided = (await inquiry.json()) as Bundle;
    expectValidFhir(decided);
    const denied = claimResponseOf(decided);
    expectPasClaimResponse(denied);
    expect(denied.outcome).toBe("complete");
    expect(actionCode(denied)).toBe("A3");
    const reason = reviewAction(denied).extension!.find((e) => e.url === "reasonCode")!.valueCodeableConcept!.text!;
    expect(reason).toContain(psych.quote);
    const citation = denied.item![0]!.extension!.find((e) => e.url === POLICY_CITATION_EXTENSION)!;
    expect(
      Object.fromEntries(citation.extension!.map((e) => [e.url, e.valueCode ?? e.valueString ?? e.valueUri])),
    ).toEqual({
      criterion: "cnmp.trial.psychological",
      anchor: psych.anchor,
      quote: psych.quote,
      link: `/policy/339.7#${psych.anchor}`,
    });
    expect(denied.processNote![0]!.text).toMatch(/psychological evaluation is not documented/);
  });
});

describe("CRD cards", () => {
  it("says when the policy does not address a code (never 'not covered'), and order-select reads only the selection", async () => {
    const res = await hookRoute.POST(
      post(
        "/cds-services/pa-339-7-order-select",
        hookRequest(
          "order-select",
          [
            { id: "a", codes: ["99213"] },
            { id: "b", codes: ["62350"] },
          ],
          ["ServiceRequest/a"],
        ),
      ),
      { params: Promise.resolve({ id: "pa-339-7-order-select" }) },
    );
    const body = await res.json();
    expect(body.cards).toHaveLength(1);
    expect(body.cards[0].summary).toBe("PHARMACY 339.7 does not address CPT 99213");
    expect(JSON.stringify(body)).not.toMatch(/not covered|not-covered/i);
    expect(body.systemActions).toEqual([]);
    // Without an indication, an implant order lists the documentation of every indication, implant phase.
    const implant = await (
      await hookRoute.POST(
        post("/cds-services/pa-339-7-order-sign", hookRequest("order-sign", [{ id: "c", codes: ["62350"] }])),
        { params: Promise.resolve({ id: "pa-339-7-order-sign" }) },
      )
    ).json();
    expect(implant.cards[0].detail).toMatch(
      /cancer-related pain, implant[\s\S]*spasticity, implant[\s\S]*chronic non-malignant pain, implant/,
    );
  });

  it("refuses a malformed hook request naming the field, and an unknown service", async () => {
    const bad = await outcomeOf(
      await hookRoute.POST(post("/cds-services/pa-339-7-order-sign", { hook: "patient-view", context: {} }), {
        params: Promise.resolve({ id: "pa-339-7-order-sign" }),
      }),
      400,
    );
    expect(bad.issue.map((i) => i.expression?.[0])).toEqual([
      "hook",
      "hookInstance",
      "context.userId",
      "context.patientId",
      "context.draftOrders",
      "prefetch.coverage",
    ]);
    const unknown = await outcomeOf(
      await hookRoute.POST(post("/cds-services/nope", hookRequest("order-sign", [])), {
        params: Promise.resolve({ id: "nope" }),
      }),
      400,
    );
    expect(unknown.issue[0]!.diagnostics).toMatch(/no CDS service nope/);
    const noKey = await hookRoute.POST(
      new Request("http://localhost/cds-services/pa-339-7-order-sign", { method: "POST", body: "{}" }),
      { params: Promise.resolve({ id: "pa-339-7-order-sign" }) },
    );
    expect(noKey.status).toBe(401);
  });
});

describe("CRD primary hooks over HTTP", () => {
  const call = async (service: string, body: unknown, key = keyA) =>
    hookRoute.POST(post(`/cds-services/pa-339-7-${service}`, body, key), {
      params: Promise.resolve({ id: `pa-339-7-${service}` }),
    });
  const infoOf = (action: { resource: { extension: Extension[] } }) => {
    const info = action.resource.extension.find((e) => e.url === CRD_COVERAGE_INFORMATION)!;
    expectCoverageInformation(info);
    return Object.fromEntries(info.extension!.map((e) => [e.url, e]));
  };

  it("appointment-book: the appointment's basedOn order is read from the prefetch and the Appointment gets coverage-information", async () => {
    const res = await call(
      "appointment-book",
      appointmentBookRequest([{ id: "apt-1", basedOn: [{ id: "sr-1", codes: ["62350"] }] }]),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.cards[0].summary).toBe("Prior authorization required under PHARMACY 339.7 for CPT 62350");
    expect(body.systemActions).toHaveLength(1);
    expect(body.systemActions[0].resource).toMatchObject({ resourceType: "Appointment", id: "apt-1" });
    expectValidFhir(body.systemActions[0].resource);
    expect(infoOf(body.systemActions[0])["pa-needed"]!.valueCode).toBe("auth-needed");
  });

  it("order-dispatch: the dispatched order from the prefetch gets coverage-information", async () => {
    const res = await call("order-dispatch", orderDispatchRequest([{ id: "sr-7", codes: ["62324"] }]));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.systemActions[0].resource).toMatchObject({ resourceType: "ServiceRequest", id: "sr-7" });
    expect(infoOf(body.systemActions[0]).billingCode!.valueCoding!.code).toBe("62324");
  });

  it.each([
    ["appointment-book", () => appointmentBookRequest([{ id: "a", serviceType: ["62350"] }]), "context.appointments"],
    ["order-dispatch", () => orderDispatchRequest([{ id: "sr-1", codes: ["62350"] }]), "context.dispatchedOrders"],
    ["order-dispatch", () => orderDispatchRequest([{ id: "sr-1", codes: ["62350"] }]), "context.performer"],
    ["order-sign", () => hookRequest("order-sign", [{ id: "sr-1", codes: ["62350"] }]), "context.patientId"],
    ["order-sign", () => hookRequest("order-sign", [{ id: "sr-1", codes: ["62350"] }]), "prefetch.coverage"],
  ])("%s without %s: 400 naming it", async (service, body, field) => {
    const request = body() as unknown as Record<string, Record<string, unknown>>;
    const [parent, key] = field.split(".") as [string, string];
    delete request[parent]![key];
    const outcome = await outcomeOf(await call(service, request), 400);
    expect(outcome.issue.map((i) => i.expression?.[0])).toEqual([field]);
  });

  it("satisfied-pa-id: an approved case of the calling practice for this member and codes, never another practice's", async () => {
    const approved = await givenApprovedCase(ctxFor(handle.db, nurse), {
      provider: ctxFor(handle.db, providerA, "api"),
      memberId: "M-HOOK-SAT",
      request: documentedRequest("chronic_nonmalignant_pain", "implant"),
    });
    const body = () =>
      hookRequest("order-sign", [{ id: "sr-1", codes: ["62362"] }], undefined, { memberId: "M-HOOK-SAT" });
    const mine = await (await call("order-sign", body())).json();
    const info = infoOf(mine.systemActions[0]);
    expect(info["pa-needed"]!.valueCode).toBe("satisfied");
    expect(info["satisfied-pa-id"]!.valueString).toBe(approved.case.reference);
    expect(info["expiry-date"]!.valueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(mine.cards[0].summary).toContain(approved.case.reference);
    // The satisfied-pa-id is what PAS $inquire names: certified (A1).
    const inquiry = claimResponseOf(await (await inquire(pasInquiryBundle(approved.case.reference))).json());
    expect(actionCode(inquiry)).toBe("A1");
    // Another practice calling for the same member and codes: prior authorization needed.
    const theirs = await (await call("order-sign", body(), keyB)).json();
    expect(infoOf(theirs.systemActions[0])["pa-needed"]!.valueCode).toBe("auth-needed");
    expect(JSON.stringify(theirs)).not.toContain(approved.case.reference);
  });
});

describe("malformed PAS Bundles", () => {
  const request = cnmpTrialRequest();
  const cases_: [string, () => unknown, number, string, RegExp][] = [
    ["not a Bundle", () => ({ resourceType: "Claim" }), 400, "Bundle", /must be a FHIR Bundle/],
    [
      "no Claim",
      () => pasRequestBundle(request, { dropEntries: ["urn:uuid:claim-1"] }),
      400,
      "Bundle.entry",
      /holds no Claim/,
    ],
    [
      "wrong use",
      () => pasRequestBundle(request, { claim: (c) => ({ ...c, use: "claim" }) }),
      400,
      "Claim.use",
      /must be "preauthorization"/,
    ],
    [
      "unknown patient reference",
      () => pasRequestBundle(request, { claim: (c) => ({ ...c, patient: { reference: "Patient/nobody" } }) }),
      400,
      "Claim.patient",
      /Patient\/nobody, which is not a Patient in the Bundle/,
    ],
    [
      "unknown coverage",
      () => pasRequestBundle(request, { dropEntries: ["urn:uuid:coverage-1"] }),
      400,
      "Claim.insurance[0].coverage",
      /not a Coverage in the Bundle/,
    ],
    [
      "care team practitioner not in the Bundle",
      () => pasRequestBundle(request, { dropEntries: ["urn:uuid:practitioner-1"] }),
      400,
      "Claim.careTeam[0].provider",
      /urn:uuid:practitioner-1, which is not in the Bundle/,
    ],
    [
      "a reference into nothing anywhere in the Bundle",
      () =>
        pasRequestBundle(request, { claim: (c) => ({ ...c, referral: { reference: "ServiceRequest/elsewhere" } }) }),
      400,
      "Claim.referral",
      /ServiceRequest\/elsewhere, which is not in the Bundle/,
    ],
    [
      "no QuestionnaireResponse",
      () => pasRequestBundle(request, { dropEntries: ["urn:uuid:qr-1"] }),
      400,
      "Claim.supportingInfo[0].valueReference",
      /not in the Bundle/,
    ],
    [
      "no identifier",
      () => ({ ...pasRequestBundle(request), identifier: undefined }),
      400,
      "Bundle.identifier.value",
      /is required/,
    ],
    [
      "codes differ from the questionnaire",
      () =>
        pasRequestBundle(request, {
          claim: (c) => ({
            ...c,
            item: [
              {
                ...c.item![0]!,
                productOrService: { coding: [{ system: "http://www.ama-assn.org/go/cpt", code: "62327" }] },
              },
            ],
          }),
        }),
      400,
      "Claim.item",
      /62327 but the QuestionnaireResponse answers request.cptCodes 62326/,
    ],
    [
      "implant code on a trial",
      () => pasRequestBundle({ ...request, request: { ...request.request, cptCodes: ["62326", "62350"] } }),
      400,
      "QuestionnaireResponse.item.where(linkId='request.cptCodes')",
      /62350 is an implantation code/,
    ],
    [
      "a 2 MB free-text answer",
      () =>
        pasRequestBundle({
          ...request,
          clinical: { ...request.clinical, painEtiology: { known: true, description: "x".repeat(2_000_000) } },
        }),
      400,
      "QuestionnaireResponse.item.where(linkId='clinical.painEtiology.description')",
      /must be at most 10,000 characters/,
    ],
    [
      "wrong content type",
      () =>
        pasRequestBundle(request, {
          documents: [
            {
              data: new TextEncoder().encode("just text, not a document"),
              contentType: "application/pdf",
              title: "notes.txt",
            },
          ],
        }),
      415,
      "DocumentReference.content[0].attachment.data",
      /not a PDF, PNG, JPEG or TIFF/,
    ],
    [
      "declared type differs",
      () =>
        pasRequestBundle(request, { documents: [{ data: pdfBytes(), contentType: "image/png", title: "scan.png" }] }),
      415,
      "DocumentReference.content[0].attachment.contentType",
      /says image\/png but the content is application\/pdf/,
    ],
    [
      "oversized attachment",
      () =>
        pasRequestBundle(request, {
          documents: [{ data: pdfBytes(25 * 1024 * 1024 + 1), contentType: "application/pdf", title: "huge.pdf" }],
        }),
      413,
      "DocumentReference.content[0].attachment.data",
      /larger than 25 MB/,
    ],
  ];
  for (const [name, make, status, expression, message] of cases_)
    it(`${name}: ${status} naming ${expression}, nothing stored`, async () => {
      const n = await caseCount();
      const outcome = await outcomeOf(await submit(make()), status);
      const issue = outcome.issue.find((i) => i.expression?.[0] === expression);
      expect(issue, JSON.stringify(outcome.issue)).toBeDefined();
      expect(issue!.diagnostics).toMatch(message);
      expect(await caseCount()).toBe(n);
    });

  it("the same Bundle.identifier with other content is a 409 naming Bundle.identifier", async () => {
    const first = await submit(pasRequestBundle(request, { identifier: "urn:uuid:conflict-0001" }));
    expect(first.status).toBe(200);
    const n = await caseCount();
    const other = pasRequestBundle(
      { ...request, clinical: { ...request.clinical, additionalTreatmentsConsidered: false } },
      { identifier: "urn:uuid:conflict-0001" },
    );
    const outcome = await outcomeOf(await submit(other), 409);
    expect(outcome.issue[0]).toMatchObject({ code: "conflict", expression: ["Bundle.identifier"] });
    expect(await caseCount()).toBe(n);
  });

  it("refuses a body that is not JSON, and answers 401 without a key", async () => {
    await outcomeOf(await submit("{not json"), 400);
    const res = await submitRoute.POST(
      new Request("http://localhost/fhir/Claim/$submit", { method: "POST", body: "{}" }),
      noParams,
    );
    expect((await outcomeOf(res, 401)).issue[0]!.code).toBe("login");
  });

  it("$inquire with neither the preAuthRef nor a member ID names Claim.identifier; an unknown reference is a 404", async () => {
    const inquiry = pasInquiryBundle("PA-NOPE-0000");
    const claim = inquiry.entry![0]!.resource as { identifier?: unknown };
    delete claim.identifier;
    for (const e of inquiry.entry!) {
      const r = e.resource as { identifier?: unknown; subscriberId?: unknown };
      if (e.resource!.resourceType === "Patient") delete r.identifier;
      if (e.resource!.resourceType === "Coverage") delete r.subscriberId;
    }
    expect((await outcomeOf(await inquire(inquiry), 400)).issue[0]!.expression).toEqual(["Claim.identifier"]);
    await outcomeOf(await inquire(pasInquiryBundle("PA-NOPE-0000")), 404);
  });
});

describe("the README's example bodies (examples/fhir)", () => {
  const example = (name: string) =>
    JSON.parse(readFileSync(path.resolve(__dirname, "../../examples/fhir", name), "utf8"));
  it("are accepted as they stand and validate", async () => {
    expect(readHookRequest("pa-339-7-order-sign", example("order-sign.json")).ok).toBe(true);
    expect(readHookRequest("pa-339-7-appointment-book", example("appointment-book.json"))).toMatchObject({
      ok: true,
      items: [{ cpt: ["62350", "62362"] }],
    });
    expect(readHookRequest("pa-339-7-order-dispatch", example("order-dispatch.json"))).toMatchObject({
      ok: true,
      items: [{ cpt: ["62326"], date: "2027-01-11" }],
    });
    const submission = example("pas-submit.json");
    expectValidFhir(submission);
    expect(parsePasSubmission(submission).ok).toBe(true);
    const inquiry = example("pas-inquire.json");
    expectValidFhir(inquiry);
    expect(parsePasInquiry(inquiry).ok).toBe(true);
    const byMatch = example("pas-inquire-match.json");
    expectValidFhir(byMatch);
    expect(parsePasInquiry(byMatch)).toMatchObject({ ok: true, value: { match: { memberId: expect.any(String) } } });
    const cancel = example("pas-cancel.json");
    expectValidFhir(cancel);
    expect(parsePasUpdate(cancel)).toMatchObject({ ok: true, value: { cancelWhole: true, reference: "PREAUTHREF" } });
    const subscription = example("pas-subscription.json");
    expectValidFhir(subscription);
    expect(parseSubscription(subscription, new Date())).toMatchObject({
      ok: true,
      value: { content: "full-resource", heartbeatSeconds: 3600, orgIdentifiers: ["1234567893"] },
    });
    const res = await packageRoute.POST(
      post("/fhir/Questionnaire/$questionnaire-package", example("questionnaire-package.json")),
      noParams,
    );
    expect(res.status).toBe(200);
  });
});

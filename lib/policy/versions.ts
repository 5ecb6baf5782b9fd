// The registry of policy versions, by effective date. A case is evaluated under the version in
// force on its request date and keeps that version forever. Adding a version is adding data: a
// text, its outline, its criteria catalogue and its parameters, appended to POLICY_VERSIONS
// (criteria whose ids the engine knows; a test checks that).

import { PHARMACY_339_7_CRITERIA } from "./criteria";
import { splitPassages } from "./passages";
import { PHARMACY_339_7_TEXT } from "./text/pharmacy-339.7";
import { PHARMACY_339_7_OUTLINE } from "./text/pharmacy-339.7.outline";
import type { PolicyVersion } from "./types";
import { IMPLANT_CODES, TRIAL_CODES } from "./schema";

export const PHARMACY_339_7: PolicyVersion = {
  id: "339.7",
  policyId: "PHARMACY 339.7",
  effectiveDate: "2023-07-01",
  title: "Implanted Spinal Drug Delivery Systems",
  text: PHARMACY_339_7_TEXT,
  passages: /*#__PURE__*/ splitPassages(PHARMACY_339_7_TEXT, PHARMACY_339_7_OUTLINE),
  criteria: PHARMACY_339_7_CRITERIA,
  parameters: {
    minimumAgeYears: 18,
    conservativeTherapyMonths: 6,
    painReductionPercent: 50,
    // The Applicable Codes table (62320 to 62327, 62350, 62351, 62360 to 62362).
    applicableCodes: [...TRIAL_CODES, ...IMPLANT_CODES],
  },
};

/** Every version the portal knows, any order (selection sorts by effective date). */
export const POLICY_VERSIONS: readonly PolicyVersion[] = [PHARMACY_339_7];

/** Sorts versions by effective date (oldest first) and checks the registry is usable. */
export function sortVersions(registry: readonly PolicyVersion[]): PolicyVersion[] {
  if (registry.length === 0) throw new Error("A policy version registry needs at least one version.");
  const ids = new Set<string>();
  for (const v of registry) {
    if (ids.has(v.id)) throw new Error(`Policy version ${v.id} is registered twice.`);
    ids.add(v.id);
  }
  return [...registry].sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : 0));
}

/**
 * The version in force on `requestDate` (YYYY-MM-DD): the latest whose effective date is on or
 * before it. A request dated before the earliest version we hold is evaluated under that
 * earliest version: we hold no older text, and the result names the version it used, so a
 * reviewer sees it. `sorted` must be oldest first (see sortVersions).
 */
export function selectVersion(sorted: readonly PolicyVersion[], requestDate: string): PolicyVersion {
  let chosen = sorted[0];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].effectiveDate <= requestDate) chosen = sorted[i];
    else break;
  }
  return chosen;
}

const SORTED = sortVersions(POLICY_VERSIONS);

/** The newest registered version (what the policy page shows by default). */
export const LATEST_VERSION: PolicyVersion = SORTED[SORTED.length - 1];

/** The registered version in force on `requestDate` (see selectVersion). */
export function versionInForce(requestDate: string): PolicyVersion {
  return selectVersion(SORTED, requestDate);
}

/** A registered version by id ("339.7"), or undefined. */
export function getPolicyVersion(id: string): PolicyVersion | undefined {
  return POLICY_VERSIONS.find((v) => v.id === id);
}

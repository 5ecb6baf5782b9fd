// The text-free half of the version registry: per version its metadata, criteria catalogue and
// parameters (a PolicyRules), which is all `evaluate` needs. The verbatim text and its passages
// live in versions.ts, so a browser bundle that evaluates (the "still needs" panel) does not
// carry the policy text. Adding a version: add its rules here and its text in versions.ts.

import { PHARMACY_339_7_CRITERIA, selectCriteria } from "./criteria";
import { IMPLANT_CODES, TRIAL_CODES, type Indication, type Phase } from "./constants";
import { dateKey } from "./dates";
import type { Criterion, PolicyRules } from "./types";

export const PHARMACY_339_7_RULES: PolicyRules = {
  id: "339.7",
  policyId: "PHARMACY 339.7",
  effectiveDate: "2023-07-01",
  title: "Implanted Spinal Drug Delivery Systems",
  criteria: PHARMACY_339_7_CRITERIA,
  parameters: {
    minimumAgeYears: 18,
    conservativeTherapyMonths: 6,
    painReductionPercent: 50,
    // The Applicable Codes table (62320 to 62327, 62350, 62351, 62360 to 62362).
    applicableCodes: [...TRIAL_CODES, ...IMPLANT_CODES],
  },
};

/** Every version's rules, any order (selection sorts by effective date). */
export const POLICY_RULES: readonly PolicyRules[] = [PHARMACY_339_7_RULES];

/** Sorts versions by effective date (oldest first) and checks the registry is usable. */
export function sortVersions<V extends PolicyRules>(registry: readonly V[]): V[] {
  if (registry.length === 0) throw new Error("A policy version registry needs at least one version.");
  const ids = new Set<string>();
  for (const v of registry) {
    if (ids.has(v.id)) throw new Error(`Policy version ${v.id} is registered twice.`);
    ids.add(v.id);
  }
  return [...registry].sort((a, b) => dateKey(a.effectiveDate) - dateKey(b.effectiveDate));
}

/**
 * The version in force on `requestDate` (YYYY-MM-DD): the latest whose effective date is on or
 * before it. A request dated before the earliest version we hold is evaluated under that
 * earliest version: we hold no older text, and the result names the version it used, so a
 * reviewer sees it. `sorted` must be oldest first (see sortVersions).
 */
export function selectVersion<V extends PolicyRules>(sorted: readonly V[], requestDate: string): V {
  let chosen = sorted[0]!;
  for (const next of sorted.slice(1)) {
    if (next.effectiveDate <= requestDate) chosen = next;
    else break;
  }
  return chosen;
}

const SORTED_RULES = sortVersions(POLICY_RULES);

/** The newest version's rules. */
export const LATEST_RULES: PolicyRules = SORTED_RULES.at(-1)!;

/** The criteria that apply to `indication` in `phase` under `version` (default: the latest), scope first. */
export function criteriaFor(indication: Indication, phase: Phase, version: PolicyRules = LATEST_RULES): Criterion[] {
  return selectCriteria(version.criteria, indication, phase);
}

// The registry of policy versions, by effective date. A case is evaluated under the version in
// force on its request date and keeps that version forever. Adding a version is adding data: a
// text, its outline, its criteria catalogue and its parameters (the last two in catalogue.ts),
// appended to POLICY_VERSIONS and POLICY_RULES
// (criteria whose ids the engine knows; a test checks that).

import { PHARMACY_339_7_RULES, selectVersion, sortVersions } from "./catalogue";
import { splitPassages } from "./passages";
import { PHARMACY_339_7_TEXT } from "./text/pharmacy-339.7";
import { PHARMACY_339_7_OUTLINE } from "./text/pharmacy-339.7.outline";
import type { PolicyVersion } from "./types";

export const PHARMACY_339_7: PolicyVersion = {
  ...PHARMACY_339_7_RULES,
  text: PHARMACY_339_7_TEXT,
  passages: /*#__PURE__*/ splitPassages(PHARMACY_339_7_TEXT, PHARMACY_339_7_OUTLINE),
};

/** Every version the portal knows, any order (selection sorts by effective date). */
export const POLICY_VERSIONS: readonly PolicyVersion[] = [PHARMACY_339_7];

export { sortVersions };

const SORTED = sortVersions(POLICY_VERSIONS);

/** The newest registered version (what the policy page shows by default). */
export const LATEST_VERSION: PolicyVersion = SORTED.at(-1)!;

/** The registered version in force on `requestDate` (see selectVersion). */
export function versionInForce(requestDate: string): PolicyVersion {
  return selectVersion(SORTED, requestDate);
}

/** A registered version by id ("339.7"), or undefined. */
export function getPolicyVersion(id: string): PolicyVersion | undefined {
  return POLICY_VERSIONS.find((v) => v.id === id);
}

// The policy module's public surface. Pure: no I/O, usable on the server, in the CLI and in the
// browser. Client components should import the text-free, zod-free modules directly to keep
// the policy text and zod out of their bundle: "./constants" (value lists, codes), "./labels",
// "./catalogue" (criteria and parameters per version, criteriaFor), "./evaluate" (no text, no
// zod); "./schema" (parsePolicyRequest) brings zod, "./versions" the text and passages.

import type { Criterion, Passage, PolicyVersion } from "./types";
import { LATEST_VERSION } from "./versions";

export * from "./types";
export * from "./schema";
export { evaluate, createEvaluator, KNOWN_CRITERION_IDS, type EvaluateOptions, type Evaluator } from "./evaluate";
export {
  POLICY_VERSIONS,
  PHARMACY_339_7,
  LATEST_VERSION,
  versionInForce,
  getPolicyVersion,
  sortVersions,
} from "./versions";
export {
  INDICATION_LABELS,
  LINE_OF_BUSINESS_LABELS,
  THERAPY_OUTCOME_LABELS,
  PAIN_SCALE_LABELS,
  SPASTICITY_SCALE_LABELS,
} from "./labels";
export { PHARMACY_339_7_CRITERIA, selectCriteria } from "./criteria";
export { PHARMACY_339_7_RULES, POLICY_RULES, LATEST_RULES, criteriaFor } from "./catalogue";
export {
  splitPassages,
  readableText,
  inlineSegments,
  indexPassages,
  type OutlineHeading,
  type PassageOutline,
} from "./passages";
export { ageOn, addMonths, durationBetween, formatDuration, isIsoDate, spansMonths } from "./dates";

const passageIndexes = new WeakMap<PolicyVersion, Map<string, Passage>>();

/** The passage with this anchor in `version` (default: the latest), or undefined. */
export function findPassage(anchor: string, version: PolicyVersion = LATEST_VERSION): Passage | undefined {
  let index = passageIndexes.get(version);
  // Stryker disable next-line ConditionalExpression: a cache; an index built again holds the same passages.
  if (!index) {
    index = new Map(version.passages.map((p) => [p.anchor, p]));
    passageIndexes.set(version, index);
  }
  return index.get(anchor);
}

/** A catalogue criterion by id in `version` (default: the latest), or undefined. */
export function findCriterion(id: string, version: PolicyVersion = LATEST_VERSION): Criterion | undefined {
  return version.criteria.find((c) => c.id === id);
}

import { describe, expect, it } from "vitest";
import {
  capitalized,
  INDICATION_CHOICES,
  INDICATION_LABELS,
  isNotAddressedByPolicy,
  labelOf,
  OUTCOME_LABELS,
  OUTCOMES,
} from "./domain";

describe("the portal's vocabulary", () => {
  it("labels a stored value only when the label set knows it", () => {
    expect(labelOf(OUTCOME_LABELS, "meets_criteria")).toBe("Meets criteria");
    expect(labelOf(OUTCOME_LABELS, "approved")).toBeUndefined();
    expect(labelOf(OUTCOME_LABELS, "toString")).toBeUndefined();
    expect(labelOf(OUTCOME_LABELS, null)).toBeUndefined();
    expect(labelOf(OUTCOME_LABELS, undefined)).toBeUndefined();
  });

  it("tells the outcome outside the policy from every other", () => {
    expect(OUTCOMES.filter(isNotAddressedByPolicy)).toEqual(["not_addressed_by_policy"]);
    expect(isNotAddressedByPolicy(null)).toBe(false);
  });

  it("capitalizes labels written for a sentence, keeping their keys", () => {
    expect(capitalized({ a: "cancer-related pain", b: "" })).toEqual({ a: "Cancer-related pain", b: "" });
    expect(INDICATION_CHOICES).toEqual({
      cancer_pain: "Cancer-related pain",
      spasticity: "Spasticity",
      chronic_nonmalignant_pain: "Chronic non-malignant pain",
      other: "Another indication",
    });
    expect(Object.keys(INDICATION_CHOICES)).toEqual(Object.keys(INDICATION_LABELS));
  });
});

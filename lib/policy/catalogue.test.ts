import { describe, expect, it } from "vitest";
import { LATEST_RULES, POLICY_RULES, criteriaFor } from "./catalogue";
import { LATEST_VERSION, POLICY_VERSIONS } from "./versions";
import { criteriaFor as indexCriteriaFor } from "./index";

describe("catalogue (the text-free half of the registry)", () => {
  it("holds exactly the registered versions, same metadata, criteria and parameters", () => {
    expect(POLICY_RULES.map((r) => r.id).sort()).toEqual(POLICY_VERSIONS.map((v) => v.id).sort());
    for (const v of POLICY_VERSIONS) {
      const r = POLICY_RULES.find((x) => x.id === v.id)!;
      const { text, passages, ...rest } = v;
      expect(text.length).toBeGreaterThan(0);
      expect(passages.length).toBeGreaterThan(0);
      expect(rest).toEqual(r);
      expect("text" in r).toBe(false);
    }
    expect(LATEST_RULES.id).toBe(LATEST_VERSION.id);
  });

  it("criteriaFor defaults to the latest version", () => {
    expect(criteriaFor("cancer_pain", "trial")).toEqual(indexCriteriaFor("cancer_pain", "trial", LATEST_VERSION));
    expect(indexCriteriaFor("spasticity", "implant").map((c) => c.id)).toEqual(criteriaFor("spasticity", "implant").map((c) => c.id));
  });
});

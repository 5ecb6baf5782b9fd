import { describe, expect, it } from "vitest";
import { LATEST_RULES, POLICY_RULES, criteriaFor } from "./catalogue";
import { LATEST_VERSION, POLICY_VERSIONS } from "./versions";
import { criteriaFor as indexCriteriaFor, findCriterion, sortVersions } from "./index";

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
    expect(indexCriteriaFor("spasticity", "implant").map((c) => c.id)).toEqual(
      criteriaFor("spasticity", "implant").map((c) => c.id),
    );
  });

  it("finds a criterion by id, in the latest version or the one named", () => {
    expect(findCriterion("cnmp.implant.pain-reduction")).toMatchObject({
      kind: "coverage",
      anchor: "coverage-cnmp-implant-2",
      quote: "Documentation of a ≥ 50% reduction in pain during trial",
    });
    expect(findCriterion("no.such-criterion")).toBeUndefined();
    const renamed = {
      ...LATEST_VERSION,
      criteria: LATEST_VERSION.criteria.map((c) => ({ ...c, label: `v2: ${c.label}` })),
    };
    expect(findCriterion("scope.age", renamed)?.label).toMatch(/^v2: /);
  });

  it("sorts a registry by effective date, oldest first, whatever the order it is given in", () => {
    const at = (id: string, effectiveDate: string) => ({ ...LATEST_RULES, id, effectiveDate });
    const ids = (registry: ReturnType<typeof at>[]) => sortVersions(registry).map((v) => v.id);
    expect(ids([at("c", "2026-07-01"), at("a", "2019-12-31"), at("b", "2020-01-01")])).toEqual(["a", "b", "c"]);
    expect(ids([at("b", "2024-03-01"), at("a", "2024-02-29")])).toEqual(["a", "b"]);
    expect(ids([at("a", "2024-02-29"), at("b", "2024-03-01")])).toEqual(["a", "b"]);
    const registry = [at("b", "2025-01-01"), at("a", "2024-01-01")];
    sortVersions(registry);
    expect(registry.map((v) => v.id)).toEqual(["b", "a"]); // the registry itself is left as it is
  });
});

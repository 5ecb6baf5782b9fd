import { beforeEach, describe, expect, it } from "vitest";
import {
  createEvaluator,
  evaluate,
  getPolicyVersion,
  LATEST_VERSION,
  PHARMACY_339_7,
  POLICY_VERSIONS,
  versionInForce,
  type PolicyRequest,
  type PolicyVersion,
} from "@/lib/policy";
import { documentedRequest } from "./fixtures";

// TEST-ONLY versions: the real registry is never changed. A later version that asks for three
// months of conservative therapy instead of six, and an earlier one.
const LATER: PolicyVersion = {
  ...PHARMACY_339_7,
  id: "test-339.8",
  policyId: "PHARMACY 339.8",
  effectiveDate: "2026-07-01",
  parameters: { ...PHARMACY_339_7.parameters, conservativeTherapyMonths: 3 },
};
const EARLIER: PolicyVersion = {
  ...PHARMACY_339_7,
  id: "test-339.6",
  policyId: "PHARMACY 339.6",
  effectiveDate: "2021-01-01",
};

/** A chronic non-malignant pain trial with four months of failed therapy, requested on `requestDate`. */
function fourMonthsOfTherapy(requestDate: string): PolicyRequest {
  const r = documentedRequest("chronic_nonmalignant_pain", "trial");
  r.request.requestDate = requestDate;
  r.request.serviceDate = requestDate;
  r.clinical!.conservativeTherapies = [
    { startDate: "2025-09-01", endDate: "2026-01-05", outcome: "inadequate_analgesia", reason: "no relief" },
  ];
  return r;
}

describe("the version registry", () => {
  it("holds PHARMACY 339.7, effective 2023-07-01", () => {
    expect(POLICY_VERSIONS.map((v) => v.id)).toContain("339.7");
    expect(getPolicyVersion("339.7")).toBe(PHARMACY_339_7);
    expect(getPolicyVersion("nope")).toBeUndefined();
    expect(PHARMACY_339_7).toMatchObject({
      policyId: "PHARMACY 339.7",
      effectiveDate: "2023-07-01",
      title: "Implanted Spinal Drug Delivery Systems",
    });
    expect(LATEST_VERSION).toBe(PHARMACY_339_7);
  });

  it("uses 339.7 from its effective date on, and for earlier requests (no older text is held)", () => {
    expect(versionInForce("2023-07-01")).toBe(PHARMACY_339_7);
    expect(versionInForce("2030-01-01")).toBe(PHARMACY_339_7);
    expect(versionInForce("2020-01-01")).toBe(PHARMACY_339_7);
  });
});

describe("createEvaluator with an explicit registry", () => {
  // Built inside each test (not once for the file), so mutation testing sees the compilation
  // of the registry run under each test.
  let evaluator: ReturnType<typeof createEvaluator<PolicyVersion>>;
  beforeEach(() => {
    evaluator = createEvaluator([LATER, PHARMACY_339_7, EARLIER]); // any order
  });

  it("sorts versions by effective date", () => {
    expect(evaluator.versions.map((v) => v.id)).toEqual(["test-339.6", "339.7", "test-339.8"]);
  });

  it("picks the latest version whose effective date is on or before the request date", () => {
    expect(evaluator.versionInForce("2021-01-01").id).toBe("test-339.6");
    expect(evaluator.versionInForce("2023-06-30").id).toBe("test-339.6");
    expect(evaluator.versionInForce("2023-07-01").id).toBe("339.7");
    expect(evaluator.versionInForce("2026-06-30").id).toBe("339.7");
    expect(evaluator.versionInForce("2026-07-01").id).toBe("test-339.8");
    expect(evaluator.versionInForce("2019-05-05").id).toBe("test-339.6"); // before the first: the first
  });

  it("evaluates under the version in force on the request date", () => {
    const before = evaluator.evaluate(fourMonthsOfTherapy("2026-06-30"));
    expect(before.policy).toEqual({ id: "PHARMACY 339.7", effectiveDate: "2023-07-01", version: "339.7" });
    expect(before.outcome).toBe("does_not_meet_criteria");
    const after = evaluator.evaluate(fourMonthsOfTherapy("2026-07-01"));
    expect(after.policy).toEqual({ id: "PHARMACY 339.8", effectiveDate: "2026-07-01", version: "test-339.8" });
    expect(after.outcome).toBe("meets_criteria");
    expect(after.criteria.find((c) => c.id === "cnmp.trial.conservative-therapy")?.explanation).toContain(
      "at least 3 months",
    );
  });

  it("evaluates under an explicitly named version", () => {
    expect(evaluator.evaluate(fourMonthsOfTherapy("2026-07-01"), { policyVersion: "339.7" }).outcome).toBe(
      "does_not_meet_criteria",
    );
    expect(evaluator.evaluate(fourMonthsOfTherapy("2026-01-10"), { policyVersion: "test-339.8" }).outcome).toBe(
      "meets_criteria",
    );
    expect(() => evaluator.evaluate(fourMonthsOfTherapy("2026-01-10"), { policyVersion: "9.9" })).toThrow(
      'Unknown policy version "9.9" (known: test-339.6, 339.7, test-339.8).',
    );
  });

  it("leaves the default evaluator alone", () => {
    expect(evaluate(fourMonthsOfTherapy("2026-07-01")).policy.version).toBe("339.7");
    expect(evaluate(fourMonthsOfTherapy("2026-07-01"), { policyVersion: "339.7" }).outcome).toBe(
      "does_not_meet_criteria",
    );
  });

  it("decides like the default evaluator under the same version: every indication and phase, in and out of scope", () => {
    const own = createEvaluator([PHARMACY_339_7]);
    const requests: PolicyRequest[] = [];
    for (const indication of ["chronic_nonmalignant_pain", "cancer_pain", "spasticity"] as const)
      for (const phase of ["trial", "implant"] as const) {
        const documented = documentedRequest(indication, phase);
        requests.push(documented);
        requests.push({ ...documented, clinical: {} });
        requests.push({ ...documented, member: { ...documented.member, dateOfBirth: "2010-01-01" } });
        requests.push({ ...documented, member: { ...documented.member, lineOfBusiness: "medicare_advantage" } });
      }
    const other = documentedRequest("chronic_nonmalignant_pain", "trial");
    requests.push({ ...other, request: { ...other.request, indication: "other" } });
    for (const r of requests) expect(own.evaluate(r)).toEqual(evaluate(r));
  });

  it("reports a 17-year-old's own age criterion with the scope criteria, and nothing else", () => {
    const r = documentedRequest("chronic_nonmalignant_pain", "trial");
    const result = createEvaluator([PHARMACY_339_7]).evaluate({
      ...r,
      member: { ...r.member, dateOfBirth: "2010-01-01" },
    });
    expect(result.outcome).toBe("not_addressed_by_policy");
    expect(result.criteria.map((c) => [c.id, c.status])).toEqual([
      ["scope.age", "not_met"],
      ["scope.line-of-business", "met"],
      ["scope.indication", "met"],
      ["scope.codes", "met"],
      ["cnmp.trial.age", "not_met"],
    ]);
    const implant = documentedRequest("chronic_nonmalignant_pain", "implant");
    const implantResult = createEvaluator([PHARMACY_339_7]).evaluate({
      ...implant,
      member: { ...implant.member, lineOfBusiness: "medicare_advantage" },
    });
    expect(implantResult.criteria.map((c) => c.id)).toEqual([
      "scope.age",
      "scope.line-of-business",
      "scope.indication",
      "scope.codes",
      "cnmp.trial.age",
    ]);
  });

  it("reports the restated age criterion with the scope criteria only where the catalogue puts it first among the rest", () => {
    // The early list keeps the catalogue's order: an age criterion listed after another coverage
    // criterion is decided with the rest, so an out-of-scope result does not show it.
    const criteria = [...PHARMACY_339_7.criteria];
    const age = criteria.findIndex((c) => c.id === "cnmp.trial.age");
    const etiology = criteria.findIndex((c) => c.id === "cnmp.trial.etiology");
    [criteria[age], criteria[etiology]] = [criteria[etiology]!, criteria[age]!];
    const reordered = createEvaluator([{ ...PHARMACY_339_7, criteria }]);
    const r = documentedRequest("chronic_nonmalignant_pain", "trial");
    const young = { ...r, member: { ...r.member, dateOfBirth: "2010-01-01" } };
    expect(reordered.evaluate(young).criteria.map((c) => c.id)).toEqual([
      "scope.age",
      "scope.line-of-business",
      "scope.indication",
      "scope.codes",
    ]);
    expect(
      reordered
        .evaluate(r)
        .criteria.map((c) => c.id)
        .slice(4, 6),
    ).toEqual(["cnmp.trial.etiology", "cnmp.trial.age"]);
  });

  it("refuses an unusable registry", () => {
    expect(() => createEvaluator([])).toThrow(/at least one version/);
    expect(() => createEvaluator([PHARMACY_339_7, PHARMACY_339_7])).toThrow(/registered twice/);
    const unknownCriterion: PolicyVersion = {
      ...LATER,
      criteria: [...PHARMACY_339_7.criteria, { ...PHARMACY_339_7.criteria[0]!, id: "scope.something-new" }],
    };
    expect(() => createEvaluator([unknownCriterion])).toThrow(/no rule decides criterion "scope.something-new"/);
  });
});

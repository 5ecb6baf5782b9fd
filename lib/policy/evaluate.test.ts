import { describe, expect, it } from "vitest";
import {
  evaluate,
  parsePolicyRequest,
  type EvaluationResult,
  type Indication,
  type Phase,
  type PolicyRequest,
} from "@/lib/policy";
import { documentedRequest } from "./fixtures";

// Test requests are edited as loose JSON, the way a provider system might send them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** Evaluates a documented request changed by `change`; the changed request must stay schema-valid. */
function run(
  indication: Exclude<Indication, "other">,
  phase: Phase,
  change: (r: Json) => void = () => {},
): EvaluationResult {
  const r = structuredClone(documentedRequest(indication, phase)) as Json;
  change(r);
  const parsed = parsePolicyRequest(r);
  if (!parsed.ok) throw new Error(`test request is invalid: ${parsed.error.message}`);
  return evaluate(parsed.data);
}
const cnmpTrial = (change?: (r: Json) => void) => run("chronic_nonmalignant_pain", "trial", change);
const cnmpImplant = (change?: (r: Json) => void) => run("chronic_nonmalignant_pain", "implant", change);

function criterion(result: EvaluationResult, id: string) {
  const c = result.criteria.find((x) => x.id === id);
  if (!c) throw new Error(`no criterion ${id} in ${result.criteria.map((x) => x.id).join(", ")}`);
  return c;
}
const status = (result: EvaluationResult, id: string) => criterion(result, id).status;

describe("result shape", () => {
  it("echoes the case id and names the policy version", () => {
    const result = cnmpTrial();
    expect(result.caseId).toBe("fixture-chronic_nonmalignant_pain-trial");
    expect(result.policy).toEqual({ id: "PHARMACY 339.7", effectiveDate: "2023-07-01", version: "339.7" });
    for (const c of result.criteria) {
      expect(Object.keys(c)).toEqual(["id", "status", "citation", "explanation"]);
      expect(Object.keys(c.citation)).toEqual(["anchor", "quote"]);
      expect(c.explanation).toMatch(/^[A-Z0-9].*\.$/);
    }
  });

  it("leaves caseId out when the request has none", () => {
    const result = cnmpTrial((r) => delete r.caseId);
    expect("caseId" in result).toBe(false);
    expect(Object.keys(result)).toEqual(["policy", "outcome", "criteria"]);
    expect(result).toEqual({ ...cnmpTrial(), caseId: undefined });
  });

  it("does not change the request", () => {
    const request = documentedRequest("chronic_nonmalignant_pain", "implant");
    const before = structuredClone(request);
    evaluate(request);
    expect(request).toEqual(before);
  });

  it("returns fresh objects each time", () => {
    const request = documentedRequest("cancer_pain", "trial");
    const a = evaluate(request);
    const b = evaluate(request);
    expect(a).toEqual(b);
    expect(a.criteria[0]!.citation).not.toBe(b.criteria[0]!.citation);
    expect(a.policy).not.toBe(b.policy);
  });
});

describe("1. not addressed by the policy", () => {
  it("a member younger than 18 on the service date", () => {
    const result = cnmpTrial((r) => (r.member.dateOfBirth = "2008-03-17")); // 18 the day after the service date
    expect(result.outcome).toBe("not_addressed_by_policy");
    expect(criterion(result, "scope.age")).toMatchObject({
      status: "not_met",
      citation: { anchor: "coverage-age-footnote" },
    });
    expect(criterion(result, "scope.age").explanation).toContain("17 on the service date (2026-03-16)");
    // The coverage criterion that states the same fact is reported too; nothing clinical is.
    expect(criterion(result, "cnmp.trial.age")).toMatchObject({
      status: "not_met",
      citation: { quote: "Age ≥ 18 years" },
    });
    expect(result.criteria.map((c) => c.id)).toEqual([
      "scope.age",
      "scope.line-of-business",
      "scope.indication",
      "scope.codes",
      "cnmp.trial.age",
    ]);
  });

  it("an 18th birthday on the service date counts", () => {
    const result = cnmpTrial((r) => (r.member.dateOfBirth = "2008-03-16"));
    expect(result.outcome).toBe("meets_criteria");
    expect(criterion(result, "cnmp.trial.age")).toMatchObject({ status: "met", citation: { quote: "Age ≥ 18 years" } });
  });

  it("age counts on the service date, not the request date", () => {
    // 17 on the request date (2026-03-02), 18 on the service date (2026-03-16): addressed.
    expect(cnmpTrial((r) => (r.member.dateOfBirth = "2008-03-10")).outcome).toBe("meets_criteria");
  });

  it("age counts on the request date when there is no service date", () => {
    const result = cnmpTrial((r) => {
      r.member.dateOfBirth = "2008-03-10";
      delete r.request.serviceDate;
    });
    expect(result.outcome).toBe("not_addressed_by_policy");
    expect(criterion(result, "scope.age").explanation).toContain("request date (2026-03-02)");
  });

  it("a Medicare Advantage member (Medicaid and commercial are addressed)", () => {
    const result = cnmpTrial((r) => (r.member.lineOfBusiness = "medicare_advantage"));
    expect(result.outcome).toBe("not_addressed_by_policy");
    expect(criterion(result, "scope.line-of-business")).toMatchObject({
      status: "not_met",
      citation: { quote: "Unless otherwise stated, Oxford policies do not apply to Medicare Advantage members." },
    });
    expect(cnmpTrial((r) => (r.member.lineOfBusiness = "medicaid")).outcome).toBe("meets_criteria");
  });

  it("the indication other", () => {
    const result = cnmpTrial((r) => (r.request.indication = "other"));
    expect(result.outcome).toBe("not_addressed_by_policy");
    expect(result.criteria.map((c) => c.id)).toEqual([
      "scope.age",
      "scope.line-of-business",
      "scope.indication",
      "scope.codes",
    ]);
    expect(status(result, "scope.indication")).toBe("not_met");
  });

  it("a code that is not one of the applicable codes", () => {
    const result = cnmpImplant((r) => r.request.cptCodes.push("77003"));
    expect(result.outcome).toBe("not_addressed_by_policy");
    expect(criterion(result, "scope.codes").explanation).toContain("77003");
  });

  it("every applicable code is addressed, 62323 included", () => {
    for (const code of ["62320", "62321", "62322", "62323", "62324", "62325", "62326", "62327"])
      expect(cnmpTrial((r) => (r.request.cptCodes = [code])).outcome, code).toBe("meets_criteria");
    for (const code of ["62350", "62351", "62360", "62361", "62362"])
      expect(cnmpImplant((r) => (r.request.cptCodes = [code])).outcome, code).toBe("meets_criteria");
  });

  it("returns only the scope criteria, statuses consistent with the outcome", () => {
    const result = run("cancer_pain", "implant", (r) => {
      r.member.lineOfBusiness = "medicare_advantage";
      r.member.dateOfBirth = "2010-01-01";
    });
    expect(result.outcome).toBe("not_addressed_by_policy");
    expect(result.criteria.every((c) => c.id.startsWith("scope."))).toBe(true);
    expect(result.criteria.filter((c) => c.status === "not_met").map((c) => c.id)).toEqual([
      "scope.age",
      "scope.line-of-business",
    ]);
    expect(result.criteria.filter((c) => c.status !== "not_met").every((c) => c.status === "met")).toBe(true);
  });
});

describe("chronic non-malignant pain: trial", () => {
  it("meets criteria when everything is documented and met", () => {
    const result = cnmpTrial();
    expect(result.outcome).toBe("meets_criteria");
    expect(result.criteria.every((c) => c.status === "met")).toBe(true);
  });

  it("etiology: absent is missing, unknown is not met", () => {
    const absent = cnmpTrial((r) => delete r.clinical.painEtiology);
    expect(absent.outcome).toBe("insufficient_documentation");
    expect(status(absent, "cnmp.trial.etiology")).toBe("missing_documentation");
    expect(status(absent, "cnmp.doc.etiology")).toBe("missing_documentation");
    const unknown = cnmpTrial((r) => (r.clinical.painEtiology = { known: false, description: "unclear" }));
    expect(unknown.outcome).toBe("does_not_meet_criteria");
    expect(criterion(unknown, "cnmp.trial.etiology")).toMatchObject({
      status: "not_met",
      citation: { anchor: "coverage-cnmp-trial-2", quote: "Etiology of pain is known and clearly documented" },
    });
  });

  it("further treatment: not indicated or refused is met, indicated is not met, absent is missing", () => {
    expect(
      status(
        cnmpTrial((r) => (r.clinical.furtherTreatmentOfUnderlyingCondition = "refused")),
        "cnmp.trial.further-treatment",
      ),
    ).toBe("met");
    const indicated = cnmpTrial((r) => (r.clinical.furtherTreatmentOfUnderlyingCondition = "indicated"));
    expect(indicated.outcome).toBe("does_not_meet_criteria");
    expect(status(indicated, "cnmp.trial.further-treatment")).toBe("not_met");
    const absent = cnmpTrial((r) => delete r.clinical.furtherTreatmentOfUnderlyingCondition);
    expect(absent.outcome).toBe("insufficient_documentation");
  });

  describe("conservative therapy", () => {
    const therapy = (
      startDate: string,
      endDate: string | undefined,
      outcome = "inadequate_analgesia",
      reason: string | null = "no relief",
    ) => {
      const t: Json = { modality: "pharmacological", startDate, outcome };
      if (endDate) t.endDate = endDate;
      if (reason !== null) t.reason = reason; // null: no reason recorded
      return t;
    };
    const withTherapies = (...list: Json[]) => cnmpTrial((r) => (r.clinical.conservativeTherapies = list));
    const conservative = (result: EvaluationResult) => criterion(result, "cnmp.trial.conservative-therapy");

    it("six calendar months exactly is met; one day short is not", () => {
      const exact = withTherapies(therapy("2025-01-15", "2025-07-15"));
      expect(conservative(exact).status).toBe("met");
      expect(exact.outcome).toBe("meets_criteria");
      const short = withTherapies(therapy("2025-01-15", "2025-07-14"));
      expect(conservative(short).status).toBe("not_met");
      expect(short.outcome).toBe("does_not_meet_criteria");
      expect(conservative(short).explanation).toBe(
        "Conservative management that failed (inadequate analgesia) lasted 5 months 29 days (2025-01-15 to 2025-07-14); the policy needs at least 6 months.",
      );
      expect(conservative(short).citation.quote).toContain("minimum of a 6-month trial");
    });

    it("month-end: from 31 August, 28 February is six months", () => {
      expect(conservative(withTherapies(therapy("2025-08-31", "2026-02-28"))).status).toBe("met");
      expect(conservative(withTherapies(therapy("2025-08-31", "2026-02-27"))).status).toBe("not_met");
    });

    it("an entry with no end date runs to the request date", () => {
      // Request date 2026-03-02: from 2025-09-02 that is six months, from 2025-09-03 it is not.
      const open = conservative(withTherapies(therapy("2025-09-02", undefined)));
      expect(open.status).toBe("met");
      expect(open.explanation).toContain("2025-09-02 to 2026-03-02, treatment continuing on the request date");
      expect(conservative(withTherapies(therapy("2025-09-03", undefined))).status).toBe("not_met");
    });

    it("spans from the earliest start to the latest end of the failed entries", () => {
      const result = conservative(
        withTherapies(
          therapy("2025-03-01", "2025-05-01", "intolerable_side_effects"),
          therapy("2025-04-15", "2025-06-10"),
          therapy("2025-05-20", "2025-09-01"),
        ),
      );
      expect(result.status).toBe("met");
      expect(result.explanation).toContain(
        "(intolerable side-effects, inadequate analgesia) over 6 months (2025-03-01 to 2025-09-01)",
      );
    });

    it("ignores entries whose outcome is not a failure", () => {
      const result = conservative(
        withTherapies(
          therapy("2024-01-01", "2025-12-01", "effective"),
          therapy("2024-01-01", "2025-12-01", "contraindicated"),
          therapy("2024-01-01", undefined, "ongoing"),
          therapy("2025-10-01", "2026-01-15"),
        ),
      );
      expect(result.status).toBe("not_met");
      expect(result.explanation).toContain("3 months 14 days (2025-10-01 to 2026-01-15)");
    });

    it("no failure at all is not met; an empty list is not met; absent is missing", () => {
      const none = withTherapies(
        therapy("2024-01-01", "2025-12-01", "effective"),
        therapy("2024-06-01", "2025-01-01", "refused"),
      );
      expect(conservative(none)).toMatchObject({ status: "not_met" });
      expect(conservative(none).explanation).toContain(
        "None of the 2 documented treatments failed (effective, refused)",
      );
      expect(none.outcome).toBe("does_not_meet_criteria");
      const empty = withTherapies();
      expect(conservative(empty).status).toBe("not_met");
      const absent = cnmpTrial((r) => delete r.clinical.conservativeTherapies);
      expect(conservative(absent).status).toBe("missing_documentation");
      expect(absent.outcome).toBe("insufficient_documentation");
    });

    it("an entry without a reason makes the treatments documentation missing", () => {
      const result = withTherapies(
        therapy("2025-01-01", "2025-09-01"),
        therapy("2025-02-01", "2025-03-01", "refused", null),
      );
      expect(conservative(result).status).toBe("met");
      expect(criterion(result, "cnmp.doc.treatments-reasons")).toMatchObject({
        status: "missing_documentation",
        citation: { anchor: "documentation-cnmp-trial-2" },
      });
      expect(criterion(result, "cnmp.doc.treatments-reasons").explanation).toContain("entry 2");
      expect(result.outcome).toBe("insufficient_documentation");
      expect(
        status(
          withTherapies(therapy("2025-01-01", "2025-09-01", "inadequate_analgesia", "   ")),
          "cnmp.doc.treatments-reasons",
        ),
      ).toBe("missing_documentation");
    });
  });

  it("psychological evaluation: absent is missing, issues likely to interfere is not met", () => {
    const absent = cnmpTrial((r) => delete r.clinical.psychologicalEvaluation);
    expect(absent.outcome).toBe("insufficient_documentation");
    expect(criterion(absent, "cnmp.trial.psychological").citation.quote).toContain(
      "absence of underlying, untreated psychological",
    );
    const interfering = cnmpTrial((r) => (r.clinical.psychologicalEvaluation.untreatedIssuesLikelyToInterfere = true));
    expect(interfering.outcome).toBe("does_not_meet_criteria");
    expect(status(interfering, "cnmp.trial.psychological")).toBe("not_met");
    const silent = cnmpTrial((r) => (r.clinical.psychologicalEvaluation = { date: "2026-01-20" }));
    expect(status(silent, "cnmp.trial.psychological")).toBe("missing_documentation");
  });

  it("additional treatments considered: absent or false is missing", () => {
    for (const change of [
      (r: Json) => delete r.clinical.additionalTreatmentsConsidered,
      (r: Json) => (r.clinical.additionalTreatmentsConsidered = false),
    ]) {
      const result = cnmpTrial(change);
      expect(result.outcome).toBe("insufficient_documentation");
      expect(status(result, "cnmp.doc.additional-treatments")).toBe("missing_documentation");
    }
  });

  it("psychiatric history: absent is missing", () => {
    const result = cnmpTrial((r) => delete r.clinical.psychiatricHistory);
    expect(result.outcome).toBe("insufficient_documentation");
    expect(criterion(result, "cnmp.doc.psychiatric-history")).toMatchObject({
      status: "missing_documentation",
      citation: { quote: "Psychiatric or psychosocial issues/history" },
    });
  });

  it("no clinical section at all: every criterion that reads it is missing", () => {
    const result = cnmpTrial((r) => delete r.clinical);
    expect(result.outcome).toBe("insufficient_documentation");
    expect(result.criteria.filter((c) => c.status === "missing_documentation").map((c) => c.id)).toEqual([
      "cnmp.trial.etiology",
      "cnmp.trial.further-treatment",
      "cnmp.trial.conservative-therapy",
      "cnmp.trial.psychological",
      "cnmp.doc.etiology",
      "cnmp.doc.treatments-reasons",
      "cnmp.doc.additional-treatments",
      "cnmp.doc.psychiatric-history",
    ]);
  });
});

describe("chronic non-malignant pain: implantation", () => {
  it("meets criteria with a completed trial and at least 50 % reduction", () => {
    const result = cnmpImplant();
    expect(result.outcome).toBe("meets_criteria");
    expect(criterion(result, "cnmp.implant.pain-reduction").explanation).toBe(
      "Pain fell from 8 to 3 on the 0–10 scale during the trial, a 62.5 % reduction; the policy needs at least 50 %.",
    );
  });

  it("includes every trial criterion", () => {
    const ids = cnmpImplant().criteria.map((c) => c.id);
    for (const id of ["cnmp.trial.conservative-therapy", "cnmp.trial.psychological", "cnmp.doc.psychiatric-history"])
      expect(ids).toContain(id);
  });

  const scores = (baselinePainScore: number, postTrialPainScore: number, painScale?: string) =>
    cnmpImplant((r) => {
      Object.assign(r.clinical.trial, { baselinePainScore, postTrialPainScore });
      if (painScale) r.clinical.trial.painScale = painScale;
      else delete r.clinical.trial.painScale;
    });

  it("exactly 50 % is met, just below is not (0-10 scale, the default)", () => {
    const half = scores(8, 4);
    expect(half.outcome).toBe("meets_criteria");
    expect(criterion(half, "cnmp.implant.pain-reduction").explanation).toContain("a 50 % reduction");
    expect(scores(7, 3).outcome).toBe("meets_criteria"); // 57.1 %
    const below = scores(7, 4); // 42.8 %
    expect(below.outcome).toBe("does_not_meet_criteria");
    expect(criterion(below, "cnmp.implant.pain-reduction")).toMatchObject({
      status: "not_met",
      citation: { anchor: "coverage-cnmp-implant-2", quote: "Documentation of a ≥ 50% reduction in pain during trial" },
    });
    expect(scores(9, 5).outcome).toBe("does_not_meet_criteria"); // 44.4 %
    expect(scores(1, 0).outcome).toBe("meets_criteria");
  });

  it("exactly 50 % is met, just below is not (0-100 visual analogue scale)", () => {
    expect(scores(80, 40, "vas_0_100").outcome).toBe("meets_criteria");
    const below = scores(80, 41, "vas_0_100");
    expect(below.outcome).toBe("does_not_meet_criteria");
    expect(criterion(below, "cnmp.implant.pain-reduction").explanation).toBe(
      "Pain fell from 80 to 41 on the 0–100 visual analogue scale during the trial, a 48.7 % reduction; the policy needs at least 50 %.",
    );
    expect(scores(99, 49.5, "vas_0_100").outcome).toBe("meets_criteria");
    const justBelow = scores(99.9, 49.96, "vas_0_100"); // 49.989 %: shown cut to 49.9, never rounded up to 50
    expect(justBelow.outcome).toBe("does_not_meet_criteria");
    expect(criterion(justBelow, "cnmp.implant.pain-reduction").explanation).toContain("49.9 %");
  });

  it("decimal scores compare exactly (no floating-point trouble)", () => {
    expect(scores(0.3, 0.15).outcome).toBe("meets_criteria");
    expect(scores(7.4, 3.7).outcome).toBe("meets_criteria");
    // In binary floating point (2.2 - 1.1) / 2.2 is just under one half: the reduction is still exactly 50 %.
    expect(criterion(scores(2.2, 1.1), "cnmp.implant.pain-reduction")).toMatchObject({
      status: "met",
      explanation:
        "Pain fell from 2.2 to 1.1 on the 0–10 scale during the trial, a 50 % reduction; the policy needs at least 50 %.",
    });
    // An integer baseline with a decimal post-trial score: 45 %, not 44.9 %.
    expect(criterion(scores(1, 0.55), "cnmp.implant.pain-reduction")).toMatchObject({
      status: "not_met",
      explanation:
        "Pain fell from 1 to 0.55 on the 0–10 scale during the trial, a 45 % reduction; the policy needs at least 50 %.",
    });
  });

  it("no reduction or an increase is not met", () => {
    expect(criterion(scores(6, 6), "cnmp.implant.pain-reduction").explanation).toContain("stayed at 6");
    expect(criterion(scores(5, 7), "cnmp.implant.pain-reduction")).toMatchObject({ status: "not_met" });
  });

  it("missing scores are missing", () => {
    const noPost = cnmpImplant((r) => delete r.clinical.trial.postTrialPainScore);
    expect(noPost.outcome).toBe("insufficient_documentation");
    expect(status(noPost, "cnmp.implant.pain-reduction")).toBe("missing_documentation");
    expect(status(noPost, "cnmp.doc.pain-reduction")).toBe("missing_documentation");
    const noTrial = cnmpImplant((r) => delete r.clinical.trial);
    expect(status(noTrial, "cnmp.implant.trial-completed")).toBe("missing_documentation");
    expect(status(noTrial, "cnmp.implant.pain-reduction")).toBe("missing_documentation");
  });

  it("a trial not completed is not met", () => {
    const result = cnmpImplant((r) => (r.clinical.trial.completed = false));
    expect(result.outcome).toBe("does_not_meet_criteria");
    expect(criterion(result, "cnmp.implant.trial-completed").citation.quote).toBe(
      "Completion of drug infusion trial that met above criteria",
    );
  });
});

describe("cancer-related pain", () => {
  it("trial, fully documented: requires clinical review (InterQual)", () => {
    const result = run("cancer_pain", "trial");
    expect(result.outcome).toBe("requires_clinical_review");
    expect(criterion(result, "cancer.medical-necessity")).toMatchObject({
      status: "needs_clinical_review",
      citation: { anchor: "coverage-cancer-1" },
    });
    expect(result.criteria.filter((c) => c.status !== "met").map((c) => c.id)).toEqual(["cancer.medical-necessity"]);
  });

  it("implantation, fully documented: requires clinical review", () => {
    const result = run("cancer_pain", "implant");
    expect(result.outcome).toBe("requires_clinical_review");
    expect(status(result, "cancer.doc.pain-reduction")).toBe("met");
  });

  it("the trial's pain scores are required for implantation only", () => {
    const implant = run("cancer_pain", "implant", (r) => (r.clinical.trial = { completed: true }));
    expect(implant.outcome).toBe("insufficient_documentation");
    expect(criterion(implant, "cancer.doc.pain-reduction")).toMatchObject({
      status: "missing_documentation",
      citation: { anchor: "documentation-cancer-implant" },
    });
    expect(run("cancer_pain", "trial", (r) => delete r.clinical.trial).outcome).toBe("requires_clinical_review");
  });

  const each: [string, (r: Json) => void][] = [
    ["cancer.doc.metastatic-lesions", (r) => delete r.clinical.metastaticLesions],
    ["cancer.doc.metastatic-lesions", (r) => (r.clinical.metastaticLesions = { present: true })],
    ["cancer.doc.metastatic-lesions", (r) => (r.clinical.metastaticLesions = { present: true, locations: [] })],
    ["cancer.doc.intracranial-pressure", (r) => delete r.clinical.increasedIntracranialPressure],
    ["cancer.doc.life-expectancy", (r) => delete r.clinical.lifeExpectancyMonths],
    ["cancer.doc.treatments", (r) => delete r.clinical.conservativeTherapies],
    ["cancer.doc.treatments", (r) => (r.clinical.conservativeTherapies = [])],
    ["cancer.doc.treatments", (r) => delete r.clinical.conservativeTherapies[1].reason],
  ];
  it.each(each)("%s missing makes the documentation insufficient", (id, change) => {
    for (const phase of ["trial", "implant"] as const) {
      const result = run("cancer_pain", phase, change);
      expect(result.outcome).toBe("insufficient_documentation");
      expect(status(result, id)).toBe("missing_documentation");
    }
  });

  it("documented absences count as documentation", () => {
    const result = run("cancer_pain", "trial", (r) => {
      r.clinical.metastaticLesions = { present: false };
      r.clinical.increasedIntracranialPressure = true;
      r.clinical.lifeExpectancyMonths = 0;
    });
    expect(result.outcome).toBe("requires_clinical_review");
  });

  it("never judges the conservative therapy period or the pain reduction (InterQual does)", () => {
    const result = run("cancer_pain", "implant", (r) => {
      r.clinical.conservativeTherapies = [
        { startDate: "2026-03-01", endDate: "2026-03-02", outcome: "effective", reason: "short" },
      ];
      Object.assign(r.clinical.trial, { baselinePainScore: 8, postTrialPainScore: 8 });
    });
    expect(result.outcome).toBe("requires_clinical_review");
  });
});

describe("spasticity", () => {
  it("trial and implantation, fully documented: requires clinical review", () => {
    expect(run("spasticity", "trial").outcome).toBe("requires_clinical_review");
    const implant = run("spasticity", "implant");
    expect(implant.outcome).toBe("requires_clinical_review");
    expect(criterion(implant, "spasticity.doc.scale-reduction").explanation).toBe(
      "The Modified Ashworth Scale score went from 3 before the trial to 1 after it (a 2-point reduction).",
    );
  });

  it("pain reduction is never required for spasticity (if applicable)", () => {
    const implant = run("spasticity", "implant");
    expect(criterion(implant, "spasticity.doc.pain-reduction")).toMatchObject({
      status: "not_applicable",
      citation: { quote: "Degree of pain reduction after trial, if applicable" },
    });
    const withScores = run("spasticity", "implant", (r) =>
      Object.assign(r.clinical.trial, { baselinePainScore: 6, postTrialPainScore: 5 }),
    );
    expect(withScores.outcome).toBe("requires_clinical_review");
    expect(status(withScores, "spasticity.doc.pain-reduction")).toBe("met");
  });

  it("implantation without the post-trial scale score is insufficient", () => {
    const result = run("spasticity", "implant", (r) => delete r.clinical.spasticityScale.postTrialScore);
    expect(result.outcome).toBe("insufficient_documentation");
    expect(criterion(result, "spasticity.doc.scale-reduction").citation.quote).toBe(
      "Score/point reduction in the Modified Ashworth Scale or Penn Spasm Frequency Scale",
    );
    // The trial does not need it.
    expect(run("spasticity", "trial", (r) => delete r.clinical.spasticityScale.postTrialScore).outcome).toBe(
      "requires_clinical_review",
    );
  });

  const each: [string, (r: Json) => void][] = [
    ["spasticity.doc.assessment", (r) => delete r.clinical.spasticityAssessment],
    ["spasticity.doc.assessment", (r) => (r.clinical.spasticityAssessment.adlImpairment = [])],
    ["spasticity.doc.assessment", (r) => delete r.clinical.spasticityAssessment.adlImpairment],
    ["spasticity.doc.scale-baseline", (r) => delete r.clinical.spasticityScale.baselineScore],
    ["spasticity.doc.scale-baseline", (r) => delete r.clinical.spasticityScale],
    ["spasticity.doc.treatments", (r) => delete r.clinical.conservativeTherapies],
    ["spasticity.doc.treatments", (r) => delete r.clinical.conservativeTherapies[0].reason],
    ["spasticity.doc.psychiatric-history", (r) => delete r.clinical.psychiatricHistory],
    ["spasticity.doc.intracranial-pressure", (r) => delete r.clinical.increasedIntracranialPressure],
  ];
  it.each(each)("%s missing makes the documentation insufficient", (id, change) => {
    for (const phase of ["trial", "implant"] as const) {
      const result = run("spasticity", phase, change);
      expect(result.outcome).toBe("insufficient_documentation");
      expect(status(result, id)).toBe("missing_documentation");
    }
  });
});

describe("outcome precedence", () => {
  const notMet = (r: Json) => (r.clinical.furtherTreatmentOfUnderlyingCondition = "indicated");
  const missingDoc = (r: Json) => delete r.clinical.psychiatricHistory;
  const tooYoung = (r: Json) => (r.member.dateOfBirth = "2010-05-05");

  it("not addressed beats not met and missing", () => {
    expect(
      cnmpTrial((r) => {
        tooYoung(r);
        notMet(r);
        missingDoc(r);
      }).outcome,
    ).toBe("not_addressed_by_policy");
  });

  it("not met beats missing", () => {
    const result = cnmpTrial((r) => {
      notMet(r);
      missingDoc(r);
    });
    expect(result.outcome).toBe("does_not_meet_criteria");
    expect(status(result, "cnmp.doc.psychiatric-history")).toBe("missing_documentation");
  });

  it("missing beats clinical review", () => {
    const result = run("spasticity", "trial", (r) => delete r.clinical.psychiatricHistory);
    expect(result.outcome).toBe("insufficient_documentation");
    expect(status(result, "spasticity.medical-necessity")).toBe("needs_clinical_review");
  });

  it("clinical review beats meets", () => {
    const result = run("cancer_pain", "trial");
    expect(result.criteria.filter((c) => c.status === "met").length).toBeGreaterThan(3);
    expect(result.outcome).toBe("requires_clinical_review");
  });

  it("meets only when every criterion is met", () => {
    const result = cnmpImplant();
    expect(result.outcome).toBe("meets_criteria");
    expect(new Set(result.criteria.map((c) => c.status))).toEqual(new Set(["met"]));
  });
});

describe("evaluate accepts the parsed request type directly", () => {
  it("works on a typed request built in code", () => {
    const request: PolicyRequest = documentedRequest("chronic_nonmalignant_pain", "trial");
    expect(evaluate(request).outcome).toBe("meets_criteria");
  });
});

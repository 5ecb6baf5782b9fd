import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMonths,
  criteriaFor,
  evaluate,
  findPassage,
  FURTHER_TREATMENT_OPTIONS,
  IMPLANT_CODES,
  INDICATIONS,
  LINES_OF_BUSINESS,
  PAIN_SCALES,
  parsePolicyRequest,
  PHARMACY_339_7,
  SPASTICITY_SCALES,
  THERAPY_MODALITIES,
  THERAPY_OUTCOMES,
  TRIAL_CODES,
  TRIAL_ROUTES,
  URGENCIES,
  type EvaluationResult,
} from "@/lib/policy";
import { documentedRequest } from "./fixtures";
import { fold } from "./testing/fold";

// ---------------------------------------------------------------------------------------------
// Arbitraries of schema-valid requests.

const day = (from: string, to: string) =>
  fc
    .date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const text = fc.string({ minLength: 0, maxLength: 20 });

const therapy = day("2022-01-01", "2026-12-31").chain((startDate) =>
  fc.record(
    {
      modality: fc.constantFrom(...THERAPY_MODALITIES),
      startDate: fc.constant(startDate),
      endDate: fc.integer({ min: 0, max: 500 }).map((n) => plusDays(startDate, n)),
      outcome: fc.constantFrom(...THERAPY_OUTCOMES),
      reason: text,
    },
    { requiredKeys: ["startDate"] },
  ),
);

const trial = fc.constantFrom(...PAIN_SCALES, undefined).chain((painScale) => {
  const max = painScale === "vas_0_100" ? 100 : 10; // absent: the 0-10 scale
  const scoreArb = fc.oneof(
    fc.integer({ min: 0, max }),
    fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true }),
  );
  return fc
    .record(
      {
        completed: fc.boolean(),
        date: day("2023-01-01", "2027-01-01"),
        route: fc.constantFrom(...TRIAL_ROUTES),
        baselinePainScore: scoreArb.filter((v) => v > 0),
        postTrialPainScore: scoreArb,
      },
      { requiredKeys: [] },
    )
    .map((t) => (painScale ? { ...t, painScale } : t));
});

const clinical = fc.record(
  {
    painEtiology: fc.record({ known: fc.boolean(), description: text }, { requiredKeys: [] }),
    furtherTreatmentOfUnderlyingCondition: fc.constantFrom(...FURTHER_TREATMENT_OPTIONS),
    conservativeTherapies: fc.array(therapy, { maxLength: 5 }),
    additionalTreatmentsConsidered: fc.boolean(),
    psychiatricHistory: fc.record({ summary: text, includesSubstanceUse: fc.boolean() }, { requiredKeys: [] }),
    psychologicalEvaluation: fc.record(
      { date: day("2023-01-01", "2027-01-01"), untreatedIssuesLikelyToInterfere: fc.boolean() },
      { requiredKeys: [] },
    ),
    metastaticLesions: fc.record(
      { present: fc.boolean(), locations: fc.array(text, { maxLength: 3 }) },
      { requiredKeys: [] },
    ),
    increasedIntracranialPressure: fc.boolean(),
    lifeExpectancyMonths: fc.integer({ min: 0, max: 240 }),
    spasticityAssessment: fc.record(
      {
        symptoms: text,
        location: text,
        severity: text,
        adlImpairment: fc.array(fc.constantFrom("meals", "walking", "getting dressed", "driving"), { maxLength: 4 }),
      },
      { requiredKeys: [] },
    ),
    spasticityScale: fc.record(
      {
        scale: fc.constantFrom(...SPASTICITY_SCALES),
        baselineScore: fc.integer({ min: 0, max: 5 }),
        postTrialScore: fc.integer({ min: 0, max: 5 }),
      },
      { requiredKeys: [] },
    ),
    trial,
  },
  { requiredKeys: [] },
);

const OTHER_CODES = ["99213", "77003", "64483", "00000"];

const randomRequest = fc
  .record({
    caseId: optional(text),
    requestDate: day("2023-01-01", "2027-12-31"),
    serviceOffset: optional(fc.integer({ min: 0, max: 90 })),
    ageMonths: fc.integer({ min: 0, max: 100 * 12 }),
    birthdayShift: fc.integer({ min: -3, max: 3 }),
    lineOfBusiness: fc.constantFrom(...LINES_OF_BUSINESS),
    urgency: fc.constantFrom(...URGENCIES),
    phase: fc.constantFrom("trial" as const, "implant" as const),
    indication: fc.constantFrom(...INDICATIONS),
    codePicks: fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 6 }),
    foreignCode: optional(fc.constantFrom(...OTHER_CODES)),
    clinical: optional(clinical),
  })
  .map((g) => {
    const serviceDate = g.serviceOffset === undefined ? undefined : plusDays(g.requestDate, g.serviceOffset);
    // Birthdays around the 18th (and any other) birthday, never after the request date.
    let dateOfBirth = plusDays(addMonths(g.requestDate, -g.ageMonths), g.birthdayShift);
    if (dateOfBirth > g.requestDate) dateOfBirth = g.requestDate;
    const pool: readonly string[] = g.phase === "trial" ? TRIAL_CODES : IMPLANT_CODES;
    const codes = [...new Set(g.codePicks.map((i) => pool[i % pool.length]))];
    if (g.foreignCode) codes.push(g.foreignCode);
    return {
      ...(g.caseId === undefined ? {} : { caseId: g.caseId }),
      member: { dateOfBirth, lineOfBusiness: g.lineOfBusiness },
      request: {
        requestDate: g.requestDate,
        ...(serviceDate ? { serviceDate } : {}),
        urgency: g.urgency,
        phase: g.phase,
        indication: g.indication,
        cptCodes: codes,
      },
      ...(g.clinical === undefined ? {} : { clinical: g.clinical }),
    };
  });

/** Documented requests with some records removed: these reach meets_criteria and clinical review often. */
const CLINICAL_KEYS = Object.keys({
  ...documentedRequest("chronic_nonmalignant_pain", "implant").clinical,
  ...documentedRequest("cancer_pain", "implant").clinical,
  ...documentedRequest("spasticity", "implant").clinical,
});
const nearlyDocumented = fc
  .record({
    indication: fc.constantFrom("chronic_nonmalignant_pain" as const, "cancer_pain" as const, "spasticity" as const),
    phase: fc.constantFrom("trial" as const, "implant" as const),
    drop: fc.subarray(CLINICAL_KEYS, { maxLength: 2 }),
    lineOfBusiness: fc.constantFrom(...LINES_OF_BUSINESS),
  })
  .map(({ indication, phase, drop, lineOfBusiness }) => {
    const r = documentedRequest(indication, phase);
    r.member.lineOfBusiness = lineOfBusiness;
    for (const key of drop) delete (r.clinical as Record<string, unknown>)[key];
    return r;
  });

const validRequest = fc.oneof(randomRequest, nearlyDocumented);

// ---------------------------------------------------------------------------------------------
// The conformance checker's consistency judgement, reimplemented.

const foldedPolicy = fold(PHARMACY_339_7.text);
const STATUSES = new Set(["met", "not_met", "missing_documentation", "needs_clinical_review", "not_applicable"]);

function judge(result: EvaluationResult): string[] {
  const problems: string[] = [];
  const n = (s: string) => result.criteria.filter((c) => c.status === s).length;
  for (const c of result.criteria) {
    if (!STATUSES.has(c.status)) problems.push(`${c.id}: status ${c.status}`);
    const q = fold(c.citation.quote);
    if (q.length < 12 || !foldedPolicy.includes(q)) problems.push(`${c.id}: quote not in policy`);
    if (!findPassage(c.citation.anchor)) problems.push(`${c.id}: anchor ${c.citation.anchor} not a passage`);
    if (!/^[A-Z0-9].*\.$/.test(c.explanation)) problems.push(`${c.id}: explanation "${c.explanation}"`);
  }
  switch (result.outcome) {
    case "meets_criteria":
      if (n("not_met") + n("missing_documentation") + n("needs_clinical_review"))
        problems.push("meets_criteria with an unmet, missing or open criterion");
      break;
    case "does_not_meet_criteria":
      if (!n("not_met")) problems.push("does_not_meet_criteria without a not_met criterion");
      break;
    case "insufficient_documentation":
      if (n("not_met") || !n("missing_documentation")) problems.push("insufficient_documentation inconsistent");
      break;
    case "requires_clinical_review":
      if (n("not_met") || n("missing_documentation") || !n("needs_clinical_review"))
        problems.push("requires_clinical_review inconsistent");
      break;
    case "not_addressed_by_policy":
      if (!result.criteria.some((c) => c.id.startsWith("scope.") && c.status === "not_met"))
        problems.push("not addressed without a failed scope criterion");
      if (!result.criteria.every((c) => c.id.startsWith("scope.") || c.id === "cnmp.trial.age"))
        problems.push("not addressed with clinical criteria");
      break;
    default:
      problems.push(`unknown outcome ${result.outcome as string}`);
  }
  return problems;
}

describe("properties", () => {
  it("the arbitrary produces schema-valid requests", () => {
    fc.assert(
      fc.property(validRequest, (request) => {
        const parsed = parsePolicyRequest(request);
        expect(parsed.ok ? "ok" : parsed.error.message).toBe("ok");
      }),
      { numRuns: 500 },
    );
  });

  it("no schema-valid request makes evaluate throw, and every result is internally consistent", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(validRequest, (input) => {
        const parsed = parsePolicyRequest(input);
        fc.pre(parsed.ok); // a draw the schema refuses is not a case of this property
        const result = evaluate(parsed.data);
        seen.add(result.outcome);
        expect(judge(result)).toEqual([]);
        // Exactly the applicable criteria, each once (only the scope ones when not addressed).
        const expected = criteriaFor(parsed.data.request.indication, parsed.data.request.phase)
          .filter(
            (c) => result.outcome !== "not_addressed_by_policy" || c.kind === "scope" || c.id === "cnmp.trial.age",
          )
          .map((c) => c.id);
        expect(result.criteria.map((c) => c.id)).toEqual(expected);
        // Serializable as is.
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      }),
      { numRuns: 3000 },
    );
    expect([...seen].sort()).toEqual([
      "does_not_meet_criteria",
      "insufficient_documentation",
      "meets_criteria",
      "not_addressed_by_policy",
      "requires_clinical_review",
    ]);
  });

  it("the outcome follows the precedence of the statuses", () => {
    fc.assert(
      fc.property(validRequest, (input) => {
        const parsed = parsePolicyRequest(input);
        fc.pre(parsed.ok); // a draw the schema refuses is not a case of this property
        const result = evaluate(parsed.data);
        const has = (s: string, scope = false) =>
          result.criteria.some((c) => c.status === s && c.id.startsWith("scope.") === scope);
        const expected = has("not_met", true)
          ? "not_addressed_by_policy"
          : has("not_met")
            ? "does_not_meet_criteria"
            : has("missing_documentation")
              ? "insufficient_documentation"
              : has("needs_clinical_review")
                ? "requires_clinical_review"
                : "meets_criteria";
        expect(result.outcome).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("evaluate is deterministic", () => {
    fc.assert(
      fc.property(validRequest, (input) => {
        const parsed = parsePolicyRequest(input);
        fc.pre(parsed.ok); // a draw the schema refuses is not a case of this property
        expect(evaluate(parsed.data)).toEqual(evaluate(structuredClone(parsed.data)));
      }),
      { numRuns: 300 },
    );
  });
});

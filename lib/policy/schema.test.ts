import fc from "fast-check";
import assert from "node:assert/strict";
import { describe, expect, it } from "vitest";
import {
  CRITERION_STATUSES,
  OUTCOMES,
  outcomeSchema,
  parsePolicyRequest,
  parsePolicyRequestDraft,
  type PolicyRequest,
} from "@/lib/policy";
import { documentedRequest } from "./fixtures";

// Test requests are edited as loose JSON, the way a provider system might send them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** A valid request (as plain JSON) changed by `change`. */
function variant(
  change: (r: Json) => void,
  base: PolicyRequest = documentedRequest("chronic_nonmalignant_pain", "implant"),
): Json {
  const r = structuredClone(base) as Json;
  change(r);
  return r;
}

/** The issues of an invalid request (fails the test when it is valid). */
function issuesOf(input: unknown) {
  const parsed = parsePolicyRequest(input);
  if (parsed.ok) throw new Error("expected the request to be invalid");
  expect(parsed.error.message.length).toBeGreaterThan(8);
  return parsed.error.issues;
}

function expectIssue(input: unknown, path: string, message: string | RegExp) {
  const issues = issuesOf(input);
  expect(issues, JSON.stringify(issues)).toContainEqual({ path, message: expect.stringMatching(message) });
}

describe("policyRequestSchema: valid requests", () => {
  it("accepts documented requests of every indication and phase", () => {
    for (const indication of ["chronic_nonmalignant_pain", "cancer_pain", "spasticity"] as const)
      for (const phase of ["trial", "implant"] as const)
        expect(parsePolicyRequest(documentedRequest(indication, phase)).ok).toBe(true);
  });

  it("accepts the minimum: member, request and nothing clinical", () => {
    const minimal = {
      member: { dateOfBirth: "1970-01-01", lineOfBusiness: "medicaid" },
      request: {
        requestDate: "2026-01-05",
        urgency: "expedited",
        phase: "trial",
        indication: "other",
        cptCodes: ["62322"],
      },
    };
    const parsed = parsePolicyRequest(minimal);
    expect(parsed).toEqual({ ok: true, data: minimal });
  });

  it("drops unknown keys such as a case file's `expected`, and fills in no defaults", () => {
    const input = variant((r) => {
      r.expected = { outcome: "meets_criteria" };
      r.clinical.extra = 1;
      delete r.clinical.trial.painScale;
    });
    const parsed = parsePolicyRequest(input);
    assert(parsed.ok, "the request parses");
    expect("expected" in parsed.data).toBe(false);
    expect("extra" in parsed.data.clinical!).toBe(false);
    expect("painScale" in parsed.data.clinical!.trial!).toBe(false);
  });

  it("accepts a date of birth on the request date, a service date on the request date, a therapy of one day", () => {
    const r = variant((r) => {
      r.member.dateOfBirth = r.request.requestDate;
      r.request.serviceDate = r.request.requestDate;
      r.clinical.conservativeTherapies[0].endDate = r.clinical.conservativeTherapies[0].startDate;
    });
    expect(parsePolicyRequest(r).ok).toBe(true);
  });

  it("accepts scores at the ends of each scale and twelve codes", () => {
    expect(
      parsePolicyRequest(
        variant((r) => Object.assign(r.clinical.trial, { baselinePainScore: 10, postTrialPainScore: 0 })),
      ).ok,
    ).toBe(true);
    expect(
      parsePolicyRequest(
        variant((r) =>
          Object.assign(r.clinical.trial, { painScale: "vas_0_100", baselinePainScore: 100, postTrialPainScore: 0 }),
        ),
      ).ok,
    ).toBe(true);
    const twelve = [
      "62350",
      "62351",
      "62360",
      "62361",
      "62362",
      "99201",
      "99202",
      "99203",
      "99204",
      "99205",
      "99211",
      "99212",
    ];
    expect(parsePolicyRequest(variant((r) => (r.request.cptCodes = twelve))).ok).toBe(true);
  });
});

describe("policyRequestSchema: invalid requests name the field and say what is wrong", () => {
  it("rejects a missing required key", () => {
    expectIssue(
      variant((r) => delete r.member.dateOfBirth),
      "member.dateOfBirth",
      /^is required$/,
    );
    expectIssue(
      variant((r) => delete r.member.lineOfBusiness),
      "member.lineOfBusiness",
      /^is required$/,
    );
    expectIssue(
      variant((r) => delete r.request.requestDate),
      "request.requestDate",
      /^is required$/,
    );
    expectIssue(
      variant((r) => delete r.request.urgency),
      "request.urgency",
      /^is required$/,
    );
    expectIssue(
      variant((r) => delete r.request.phase),
      "request.phase",
      /^is required$/,
    );
    expectIssue(
      variant((r) => delete r.request.indication),
      "request.indication",
      /^is required$/,
    );
    expectIssue(
      variant((r) => delete r.request.cptCodes),
      "request.cptCodes",
      /^is required$/,
    );
    expectIssue(
      variant((r) => delete r.member),
      "member",
      /^is required$/,
    );
    expectIssue(
      variant((r) => delete r.clinical.conservativeTherapies[1].startDate),
      "clinical.conservativeTherapies[1].startDate",
      /^is required$/,
    );
  });

  it("rejects malformed and impossible dates", () => {
    const message = /must be a real date in the form YYYY-MM-DD/;
    expectIssue(
      variant((r) => (r.member.dateOfBirth = "1970-02-30")),
      "member.dateOfBirth",
      message,
    );
    expectIssue(
      variant((r) => (r.request.requestDate = "2026-13-01")),
      "request.requestDate",
      message,
    );
    expectIssue(
      variant((r) => (r.request.serviceDate = "16/04/2026")),
      "request.serviceDate",
      message,
    );
    expectIssue(
      variant((r) => (r.clinical.conservativeTherapies[0].startDate = "2025-2-1")),
      "clinical.conservativeTherapies[0].startDate",
      message,
    );
    expectIssue(
      variant((r) => (r.clinical.trial.date = "2026-02-29")),
      "clinical.trial.date",
      message,
    );
    expectIssue(
      variant((r) => (r.member.dateOfBirth = 19700101)),
      "member.dateOfBirth",
      /must be a date in the form YYYY-MM-DD/,
    );
  });

  it("rejects a date of birth after the request date", () => {
    expectIssue(
      variant((r) => (r.member.dateOfBirth = "2026-04-07")),
      "member.dateOfBirth",
      /must not be after request\.requestDate/,
    );
  });

  it("rejects a service date before the request date", () => {
    expectIssue(
      variant((r) => (r.request.serviceDate = "2026-04-05")),
      "request.serviceDate",
      /must not be before request\.requestDate/,
    );
  });

  it("rejects unknown enum values, listing the allowed ones", () => {
    expectIssue(
      variant((r) => (r.member.lineOfBusiness = "tricare")),
      "member.lineOfBusiness",
      /one of: commercial, medicare_advantage, medicaid/,
    );
    expectIssue(
      variant((r) => (r.request.urgency = "urgent")),
      "request.urgency",
      /one of: standard, expedited/,
    );
    expectIssue(
      variant((r) => (r.request.phase = "revision")),
      "request.phase",
      /one of: trial, implant/,
    );
    expectIssue(
      variant((r) => (r.request.indication = "migraine")),
      "request.indication",
      /one of: cancer_pain/,
    );
    expectIssue(
      variant((r) => (r.clinical.furtherTreatmentOfUnderlyingCondition = "maybe")),
      "clinical.furtherTreatmentOfUnderlyingCondition",
      /one of/,
    );
    expectIssue(
      variant((r) => (r.clinical.conservativeTherapies[0].modality = "yoga")),
      "clinical.conservativeTherapies[0].modality",
      /one of/,
    );
    expectIssue(
      variant((r) => (r.clinical.conservativeTherapies[0].outcome = "failed")),
      "clinical.conservativeTherapies[0].outcome",
      /one of/,
    );
    expectIssue(
      variant((r) => (r.clinical.trial.route = "oral")),
      "clinical.trial.route",
      /one of: intrathecal, epidural/,
    );
    expectIssue(
      variant((r) => (r.clinical.trial.painScale = "faces")),
      "clinical.trial.painScale",
      /one of: nrs_0_10, vas_0_100/,
    );
    expectIssue(
      variant((r) => (r.clinical.spasticityScale = { scale: "tardieu" })),
      "clinical.spasticityScale.scale",
      /one of/,
    );
  });

  it("rejects a therapy whose end date is before its start date", () => {
    expectIssue(
      variant((r) => (r.clinical.conservativeTherapies[1].endDate = "2025-01-31")),
      "clinical.conservativeTherapies[1].endDate",
      /must not be before its startDate/,
    );
  });

  it("rejects pain scores outside their scale and a baseline of 0", () => {
    expectIssue(
      variant((r) => (r.clinical.trial.baselinePainScore = 11)),
      "clinical.trial.baselinePainScore",
      /between 0 and 10/,
    );
    expectIssue(
      variant((r) => (r.clinical.trial.postTrialPainScore = -1)),
      "clinical.trial.postTrialPainScore",
      /must not be negative/,
    );
    expectIssue(
      variant((r) => (r.clinical.trial.baselinePainScore = 0)),
      "clinical.trial.baselinePainScore",
      /greater than 0/,
    );
    expectIssue(
      variant((r) => Object.assign(r.clinical.trial, { painScale: "vas_0_100", baselinePainScore: 101 })),
      "clinical.trial.baselinePainScore",
      /between 0 and 100/,
    );
    // Without painScale the scale is 0-10: 80 is out of range there.
    expectIssue(
      variant((r) => {
        delete r.clinical.trial.painScale;
        r.clinical.trial.baselinePainScore = 80;
      }),
      "clinical.trial.baselinePainScore",
      /between 0 and 10/,
    );
    expectIssue(
      variant((r) => (r.clinical.trial.baselinePainScore = "8")),
      "clinical.trial.baselinePainScore",
      /must be a number/,
    );
  });

  it("rejects CPT codes that are not five digits, counts outside 1..12, and duplicates", () => {
    expectIssue(
      variant((r) => (r.request.cptCodes = ["6235"])),
      "request.cptCodes[0]",
      /five-digit CPT code/,
    );
    expectIssue(
      variant((r) => (r.request.cptCodes = ["62350", "62362A"])),
      "request.cptCodes[1]",
      /five-digit CPT code/,
    );
    expectIssue(
      variant((r) => (r.request.cptCodes = [62350])),
      "request.cptCodes[0]",
      /five-digit CPT code/,
    );
    expectIssue(
      variant((r) => (r.request.cptCodes = [])),
      "request.cptCodes",
      /at least one/,
    );
    expectIssue(
      variant((r) => (r.request.cptCodes = Array.from({ length: 13 }, (_, i) => `${99200 + i}`))),
      "request.cptCodes",
      /at most 12/,
    );
    expectIssue(
      variant((r) => (r.request.cptCodes = ["62350", "62362", "62350"])),
      "request.cptCodes[2]",
      /second time/,
    );
  });

  it("rejects free text over 10,000 characters and lists over 50 entries, in every channel's schema", () => {
    const atLimit = "x".repeat(10_000);
    expect(parsePolicyRequest(variant((r) => (r.clinical.psychiatricHistory = { summary: atLimit }))).ok).toBe(true);
    expectIssue(
      variant((r) => (r.clinical.psychiatricHistory = { summary: `${atLimit}x` })),
      "clinical.psychiatricHistory.summary",
      /^must be at most 10,000 characters$/,
    );
    expectIssue(
      variant((r) => (r.caseId = `${atLimit}x`)),
      "caseId",
      /at most 10,000 characters/,
    );
    const locations = (n: number) =>
      variant(
        (r) =>
          (r.clinical.metastaticLesions = { present: true, locations: Array.from({ length: n }, (_, i) => `T${i}`) }),
      );
    expect(parsePolicyRequest(locations(50)).ok).toBe(true);
    expectIssue(locations(51), "clinical.metastaticLesions.locations", /^must list at most 50 entries$/);
    const draft = parsePolicyRequestDraft({ clinical: { spasticityAssessment: { symptoms: `${atLimit}x` } } });
    expect(draft.ok ? [] : draft.error.issues).toContainEqual({
      path: "clinical.spasticityAssessment.symptoms",
      message: "must be at most 10,000 characters",
    });
  });

  it("rejects codes that contradict the phase", () => {
    expectIssue(
      variant((r) => (r.request.cptCodes = ["62350", "62324"])),
      "request.cptCodes[1]",
      /trial .*code.* only to phase "trial"/,
    );
    const trial = documentedRequest("chronic_nonmalignant_pain", "trial");
    for (const code of ["62350", "62351", "62360", "62361", "62362"])
      expectIssue(
        variant((r) => (r.request.cptCodes = ["62324", code]), trial),
        "request.cptCodes[1]",
        /implantation code/,
      );
    for (const code of ["62320", "62321", "62322", "62323", "62324", "62325", "62326", "62327"])
      expectIssue(
        variant((r) => (r.request.cptCodes = [code])),
        "request.cptCodes[0]",
        /only to phase "trial"/,
      );
  });

  it("rejects wrong types with the expected type in words, including null", () => {
    expectIssue(
      variant((r) => (r.clinical.additionalTreatmentsConsidered = "yes")),
      "clinical.additionalTreatmentsConsidered",
      /true or false/,
    );
    expectIssue(
      variant((r) => (r.clinical.psychiatricHistory = null)),
      "clinical.psychiatricHistory",
      /must be an object/,
    );
    expectIssue(
      variant((r) => (r.clinical.conservativeTherapies = {})),
      "clinical.conservativeTherapies",
      /must be a list/,
    );
    expectIssue(
      variant((r) => (r.clinical.lifeExpectancyMonths = Number.NaN)),
      "clinical.lifeExpectancyMonths",
      /must be a number/,
    );
    expectIssue(
      variant((r) => (r.caseId = 7)),
      "caseId",
      /must be text/,
    );
  });

  it("reports every problem at once, in a message that lists them", () => {
    const parsed = parsePolicyRequest(
      variant((r) => {
        r.member.dateOfBirth = "2025-02-30";
        r.request.serviceDate = "2026-01-01";
        r.clinical.trial.baselinePainScore = 0;
      }),
    );
    assert(!parsed.ok, "the request is refused");
    expect(parsed.error.issues.map((i) => i.path).sort()).toEqual([
      "clinical.trial.baselinePainScore",
      "member.dateOfBirth",
      "request.serviceDate",
    ]);
    expect(parsed.error.message).toMatch(
      /^The request is not valid: .*member\.dateOfBirth: must be a real date in the form YYYY-MM-DD/,
    );
  });

  it("rejects what is not an object", () => {
    for (const junk of [null, undefined, 42, "request", [], true]) {
      const issues = issuesOf(junk);
      expect(issues[0]!.path).toBe("");
    }
  });

  it("never throws and always explains, whatever it is given", () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true }),
        (junk) => {
          const parsed = parsePolicyRequest(junk);
          assert(!parsed.ok, "junk is refused");
          expect(parsed.error.issues.length).toBeGreaterThan(0);
          for (const issue of parsed.error.issues) expect(issue.message.length).toBeGreaterThan(3);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never throws on valid requests with random junk grafted in", () => {
    const base = documentedRequest("spasticity", "implant");
    const paths = [
      ["member"],
      ["request"],
      ["clinical"],
      ["clinical", "trial"],
      ["clinical", "spasticityScale"],
      ["request", "cptCodes"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.string({ maxLength: 12 }), fc.anything(), (path, key, junk) => {
        const r = structuredClone(base) as Json;
        let node = r;
        for (const k of path) node = node[k];
        try {
          node[key] = junk;
        } catch {
          fc.pre(false); // e.g. an invalid array "length": not a value JSON could carry
        }
        expect(() => parsePolicyRequest(r)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it("survives hostile objects (throwing getters)", () => {
    const hostile = {
      member: {
        get dateOfBirth(): string {
          throw new Error("boom");
        },
      },
      request: {},
    };
    const parsed = parsePolicyRequest(hostile);
    expect(parsed.ok).toBe(false);
  });
});

describe("policyRequestDraftSchema", () => {
  it("accepts an empty draft and partial drafts", () => {
    expect(parsePolicyRequestDraft({}).ok).toBe(true);
    expect(parsePolicyRequestDraft({ member: { lineOfBusiness: "commercial" }, request: { cptCodes: [] } }).ok).toBe(
      true,
    );
    expect(parsePolicyRequestDraft({ clinical: { conservativeTherapies: [{ outcome: "refused" }] } }).ok).toBe(true);
  });

  it("still rejects malformed values and contradictions that are present", () => {
    const bad = parsePolicyRequestDraft({ member: { dateOfBirth: "2025-02-30" } });
    expect(bad.ok).toBe(false);
    const phase = parsePolicyRequestDraft({ request: { phase: "trial", cptCodes: ["62362"] } });
    expect(phase.ok).toBe(false);
    const therapy = parsePolicyRequestDraft({
      clinical: { conservativeTherapies: [{ startDate: "2025-03-01", endDate: "2025-02-01" }] },
    });
    expect(therapy.ok).toBe(false);
  });
});

describe("every cross-field rule: its exact message, its path, and when it stays silent", () => {
  /** All issues of `input`, as "path: message" (exact, so a changed word or path fails). */
  const all = (input: unknown) => issuesOf(input).map((i) => `${i.path}: ${i.message}`);

  it("a therapy ending before it starts", () => {
    expect(all(variant((r) => (r.clinical.conservativeTherapies[1].endDate = "2025-01-31")))).toEqual([
      "clinical.conservativeTherapies[1].endDate: must not be before its startDate",
    ]);
    // In a draft too, where every key of a therapy is optional.
    const draft = parsePolicyRequestDraft({
      clinical: { conservativeTherapies: [{ outcome: "refused" }, { startDate: "2025-03-01", endDate: "2025-02-28" }] },
    });
    expect(draft.ok ? [] : draft.error.issues).toEqual([
      { path: "clinical.conservativeTherapies[1].endDate", message: "must not be before its startDate" },
    ]);
    // An invalid date on either side is reported as such, not compared.
    expect(all(variant((r) => (r.clinical.conservativeTherapies[1].endDate = "2025-02-30")))).toEqual([
      "clinical.conservativeTherapies[1].endDate: must be a real date in the form YYYY-MM-DD",
    ]);
    expect(all(variant((r) => (r.clinical.conservativeTherapies[1].startDate = "2025-13-01")))).toEqual([
      "clinical.conservativeTherapies[1].startDate: must be a real date in the form YYYY-MM-DD",
    ]);
  });

  it("pain scores: the range of the named scale (0-10 by default), and a baseline above 0", () => {
    expect(all(variant((r) => (r.clinical.trial.baselinePainScore = 11)))).toEqual([
      "clinical.trial.baselinePainScore: must be between 0 and 10 on the nrs_0_10 scale",
    ]);
    expect(all(variant((r) => (r.clinical.trial.postTrialPainScore = 10.5)))).toEqual([
      "clinical.trial.postTrialPainScore: must be between 0 and 10 on the nrs_0_10 scale",
    ]);
    expect(
      all(
        variant((r) =>
          Object.assign(r.clinical.trial, { painScale: "vas_0_100", baselinePainScore: 80, postTrialPainScore: 101 }),
        ),
      ),
    ).toEqual(["clinical.trial.postTrialPainScore: must be between 0 and 100 on the vas_0_100 scale"]);
    expect(
      all(variant((r) => Object.assign(r.clinical.trial, { baselinePainScore: 12, postTrialPainScore: 11 }))),
    ).toEqual([
      "clinical.trial.baselinePainScore: must be between 0 and 10 on the nrs_0_10 scale",
      "clinical.trial.postTrialPainScore: must be between 0 and 10 on the nrs_0_10 scale",
    ]);
    expect(all(variant((r) => (r.clinical.trial.baselinePainScore = 0)))).toEqual([
      "clinical.trial.baselinePainScore: must be greater than 0 (a baseline of 0 leaves no pain to reduce)",
    ]);
    // A post-trial score of 0 is the best outcome, not an error; the top of each scale is allowed.
    expect(
      parsePolicyRequest(
        variant((r) => Object.assign(r.clinical.trial, { baselinePainScore: 10, postTrialPainScore: 0 })),
      ).ok,
    ).toBe(true);
  });

  it("pain scores: a value the number schema or the scale enum already rejects gets no second message", () => {
    expect(all(variant((r) => (r.clinical.trial.baselinePainScore = -1)))).toEqual([
      "clinical.trial.baselinePainScore: must not be negative",
    ]);
    expect(all(variant((r) => (r.clinical.trial.baselinePainScore = Infinity)))).toEqual([
      "clinical.trial.baselinePainScore: must be a number",
    ]);
    expect(all(variant((r) => (r.clinical.trial.postTrialPainScore = "3")))).toEqual([
      "clinical.trial.postTrialPainScore: must be a number",
    ]);
    // A score that is not a number is not also checked against the scale ("20" is no score above 10).
    expect(all(variant((r) => (r.clinical.trial.baselinePainScore = "20")))).toEqual([
      "clinical.trial.baselinePainScore: must be a number",
    ]);
    // A trial that is a list, not an object: only its type is wrong (the score checks do not read into it).
    expect(all(variant((r) => (r.clinical.trial = [{ baselinePainScore: 0 }])))).toEqual([
      "clinical.trial: must be an object",
    ]);
    expect(all(variant((r) => (r.clinical.trial = "done")))).toEqual(["clinical.trial: must be an object"]);
    // An unknown scale: only the enum speaks (80 is neither checked against 0-10 nor 0-100).
    expect(
      all(variant((r) => Object.assign(r.clinical.trial, { painScale: "faces", baselinePainScore: 800 }))),
    ).toEqual(["clinical.trial.painScale: must be one of: nrs_0_10, vas_0_100"]);
  });

  it("a date of birth after the request date; a service date before it", () => {
    expect(all(variant((r) => (r.member.dateOfBirth = "2026-04-07")))).toEqual([
      "member.dateOfBirth: must not be after request.requestDate",
    ]);
    expect(all(variant((r) => (r.request.serviceDate = "2026-04-05")))).toEqual([
      "request.serviceDate: must not be before request.requestDate",
    ]);
    // Without a valid request date there is nothing to compare with: only the date's own message.
    expect(
      all(variant((r) => Object.assign(r.request, { requestDate: "2026-02-30", serviceDate: "2026-01-01" }))),
    ).toEqual(["request.requestDate: must be a real date in the form YYYY-MM-DD"]);
    expect(
      all(
        variant((r) => {
          r.request.requestDate = "2026-02-30";
          r.member.dateOfBirth = "2027-01-01";
        }),
      ),
    ).toEqual(["request.requestDate: must be a real date in the form YYYY-MM-DD"]);
    // A draft checks them where both sides are present.
    const draft = parsePolicyRequestDraft({
      member: { dateOfBirth: "2026-01-02" },
      request: { requestDate: "2026-01-01", serviceDate: "2025-12-31" },
    });
    expect(draft.ok ? [] : draft.error.issues).toEqual([
      { path: "member.dateOfBirth", message: "must not be after request.requestDate" },
      { path: "request.serviceDate", message: "must not be before request.requestDate" },
    ]);
    expect(parsePolicyRequestDraft({ member: { dateOfBirth: "2026-01-02" }, request: {} }).ok).toBe(true);
  });

  it("CPT codes: a repeat, and a code of the other phase, each at its index", () => {
    expect(all(variant((r) => (r.request.cptCodes = ["62350", "62362", "62350", "62362"])))).toEqual([
      "request.cptCodes[2]: lists 62350 a second time",
      "request.cptCodes[3]: lists 62362 a second time",
    ]);
    expect(all(variant((r) => (r.request.cptCodes = ["62350", "62324"])))).toEqual([
      'request.cptCodes[1]: 62324 is a trial injection or infusion code and belongs only to phase "trial", not "implant"',
    ]);
    const trial = documentedRequest("chronic_nonmalignant_pain", "trial");
    expect(all(variant((r) => (r.request.cptCodes = ["62324", "62362"]), trial))).toEqual([
      'request.cptCodes[1]: 62362 is an implantation code and belongs only to phase "implant", not "trial"',
    ]);
    // Codes outside the policy are valid in either phase (the engine answers "not addressed").
    expect(parsePolicyRequest(variant((r) => (r.request.cptCodes = ["62324", "99213"]), trial)).ok).toBe(true);
    // A malformed code gets its own message only; an unknown phase gets no phase message.
    expect(all(variant((r) => (r.request.cptCodes = ["62350", 62350, "6235/", "6235:"])))).toEqual([
      'request.cptCodes[1]: must be a five-digit CPT code in quotes, such as "62324"',
      "request.cptCodes[2]: must be a five-digit CPT code such as 62324",
      "request.cptCodes[3]: must be a five-digit CPT code such as 62324",
    ]);
    // Repeated malformed codes are not "listed a second time" (and are no phase's codes): only their format is wrong.
    expect(all(variant((r) => (r.request.cptCodes = [62350, 62350, "6235", "6235"])))).toEqual([
      'request.cptCodes[0]: must be a five-digit CPT code in quotes, such as "62324"',
      'request.cptCodes[1]: must be a five-digit CPT code in quotes, such as "62324"',
      "request.cptCodes[2]: must be a five-digit CPT code such as 62324",
      "request.cptCodes[3]: must be a five-digit CPT code such as 62324",
    ]);
    expect(all(variant((r) => (r.request.cptCodes = [62324, "62350"])))).toEqual([
      'request.cptCodes[0]: must be a five-digit CPT code in quotes, such as "62324"',
    ]);
    expect(
      all(
        variant((r) => {
          r.request.phase = "revision";
          r.request.cptCodes = ["62324", "62350"];
        }),
      ),
    ).toEqual(["request.phase: must be one of: trial, implant"]);
  });
});

describe("the error a user reads", () => {
  it("lists the first five problems and counts the rest", () => {
    const parsed = parsePolicyRequest(
      variant((r) => {
        r.member.dateOfBirth = "x";
        r.member.lineOfBusiness = "x";
        r.request.urgency = "x";
        r.request.phase = "x";
        r.request.indication = "x";
        r.request.requestDate = "x";
        r.caseId = 1;
      }),
    );
    assert(!parsed.ok, "the request is refused");
    expect(parsed.error.issues).toHaveLength(7);
    expect(parsed.error.message).toBe(
      "The request is not valid: caseId: must be text; member.dateOfBirth: must be a real date in the form YYYY-MM-DD; " +
        "member.lineOfBusiness: must be one of: commercial, medicare_advantage, medicaid; " +
        "request.requestDate: must be a real date in the form YYYY-MM-DD; request.urgency: must be one of: standard, expedited (and 2 more).",
    );
  });

  it("names no count when there are five problems or fewer", () => {
    const parsed = parsePolicyRequest(variant((r) => (r.request.serviceDate = "2026-04-05")));
    expect(parsed.ok ? "" : parsed.error.message).toBe(
      "The request is not valid: request.serviceDate: must not be before request.requestDate.",
    );
    const five = parsePolicyRequest(
      variant((r) => {
        r.member.dateOfBirth = "x";
        r.member.lineOfBusiness = "x";
        r.request.urgency = "x";
        r.request.phase = "x";
        r.request.requestDate = "x";
      }),
    );
    expect(five.ok ? "" : five.error.message).toBe(
      "The request is not valid: member.dateOfBirth: must be a real date in the form YYYY-MM-DD; " +
        "member.lineOfBusiness: must be one of: commercial, medicare_advantage, medicaid; " +
        "request.requestDate: must be a real date in the form YYYY-MM-DD; request.urgency: must be one of: standard, expedited; " +
        "request.phase: must be one of: trial, implant.",
    );
  });

  it("says what is wrong with the request as a whole", () => {
    for (const junk of [null, 42, "request", [], true]) {
      const parsed = parsePolicyRequest(junk);
      expect(parsed.ok ? undefined : parsed.error).toEqual({
        message: "The request is not valid: the request must be a JSON object.",
        issues: [{ path: "", message: "must be a JSON object" }],
      });
    }
    const hostile = {
      member: {
        get dateOfBirth(): string {
          throw new Error("boom");
        },
      },
      request: {},
    };
    const parsed = parsePolicyRequest(hostile);
    expect(parsed.ok ? undefined : parsed.error).toEqual({
      message: "The request is not valid: it could not be read.",
      issues: [{ path: "", message: "could not be read" }],
    });
  });

  it("says 'is required' for an absent key and what it must be for a wrong one", () => {
    expect(issuesOf(variant((r) => delete r.request))).toEqual([{ path: "request", message: "is required" }]);
    expect(issuesOf(variant((r) => (r.request = "soon")))).toEqual([{ path: "request", message: "must be an object" }]);
    expect(issuesOf(variant((r) => (r.clinical.painEtiology.known = "yes")))).toEqual([
      { path: "clinical.painEtiology.known", message: "must be true or false" },
    ]);
  });
});

describe("the engine's vocabulary", () => {
  it("lists the five outcomes and the five criterion statuses, and the outcome schema accepts exactly the outcomes", () => {
    expect(OUTCOMES).toEqual([
      "meets_criteria",
      "does_not_meet_criteria",
      "insufficient_documentation",
      "requires_clinical_review",
      "not_addressed_by_policy",
    ]);
    expect(CRITERION_STATUSES).toEqual([
      "met",
      "not_met",
      "missing_documentation",
      "needs_clinical_review",
      "not_applicable",
    ]);
    for (const outcome of OUTCOMES) expect(outcomeSchema.parse(outcome)).toBe(outcome);
    expect(outcomeSchema.safeParse("approved").success).toBe(false);
  });
});

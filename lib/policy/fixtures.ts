// Synthetic requests for tests, benchmarks and demo data: fully documented requests per
// indication and phase, and a deterministic, varied set covering every outcome. No real people.
// Not part of the public surface (index.ts does not export it).

import type { Indication, Phase, PolicyRequest } from "./schema";

const THERAPIES = () => [
  {
    modality: "pharmacological" as const,
    startDate: "2025-01-10",
    endDate: "2025-08-01",
    outcome: "intolerable_side_effects" as const,
    reason: "Opioid trial stopped for sedation",
  },
  {
    modality: "physical_therapy" as const,
    startDate: "2025-02-01",
    endDate: "2025-05-01",
    outcome: "inadequate_analgesia" as const,
    reason: "Twelve sessions without relief",
  },
];

/** A complete request that the policy fully documents: meets criteria (chronic non-malignant pain) or needs clinical review (cancer, spasticity). */
export function documentedRequest(
  indication: Exclude<Indication, "other"> = "chronic_nonmalignant_pain",
  phase: Phase = "trial",
): PolicyRequest {
  const request: PolicyRequest = {
    caseId: `fixture-${indication}-${phase}`,
    member: { dateOfBirth: "1970-06-15", lineOfBusiness: "commercial" },
    request: {
      requestDate: "2026-03-02",
      serviceDate: "2026-03-16",
      urgency: "standard",
      phase,
      indication,
      cptCodes: phase === "trial" ? ["62324"] : ["62350", "62362"],
    },
    clinical: {},
  };
  const c = request.clinical!;
  const trial = {
    completed: true,
    date: "2026-02-01",
    route: "intrathecal" as const,
    painScale: "nrs_0_10" as const,
    baselinePainScore: 8,
    postTrialPainScore: 3,
  };
  if (indication === "chronic_nonmalignant_pain") {
    c.painEtiology = { known: true, description: "Failed back surgery syndrome" };
    c.furtherTreatmentOfUnderlyingCondition = "not_indicated";
    c.conservativeTherapies = THERAPIES();
    c.additionalTreatmentsConsidered = true;
    c.psychiatricHistory = { summary: "None", includesSubstanceUse: false };
    c.psychologicalEvaluation = { date: "2026-01-20", untreatedIssuesLikelyToInterfere: false };
  } else if (indication === "cancer_pain") {
    c.metastaticLesions = { present: true, locations: ["T12 vertebral body"] };
    c.increasedIntracranialPressure = false;
    c.lifeExpectancyMonths = 8;
    c.conservativeTherapies = THERAPIES();
  } else {
    c.spasticityAssessment = {
      symptoms: "Extensor spasms",
      location: "Both legs",
      severity: "Severe",
      adlImpairment: ["walking", "getting dressed"],
    };
    c.spasticityScale = { scale: "modified_ashworth", baselineScore: 3 };
    c.conservativeTherapies = THERAPIES();
    c.psychiatricHistory = { summary: "None", includesSubstanceUse: false };
    c.increasedIntracranialPressure = false;
  }
  if (phase === "implant") {
    request.request.requestDate = "2026-04-06";
    request.request.serviceDate = "2026-04-20";
    if (indication === "spasticity") {
      // Pain reduction is "if applicable" for spasticity: the scale scores carry the trial.
      c.trial = { completed: true, date: trial.date, route: trial.route };
      c.spasticityScale = { scale: "modified_ashworth", baselineScore: 3, postTrialScore: 1 };
    } else c.trial = trial;
  }
  return request;
}

/** A small deterministic PRNG (mulberry32), so generated sets are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (r: PolicyRequest) => void;
const c = (r: PolicyRequest) => (r.clinical ??= {});

const MUTATIONS: Mutation[] = [
  (r) => void (r.member.dateOfBirth = "2008-09-01"), // 17: not addressed
  (r) => void (r.member.lineOfBusiness = "medicare_advantage"),
  (r) => void (r.member.lineOfBusiness = "medicaid"),
  (r) => void (r.request.cptCodes = [...r.request.cptCodes.filter((x) => x !== "99213"), "99213"]), // a code outside the policy
  (r) => void delete r.request.serviceDate,
  (r) => void (r.request.urgency = "expedited"),
  (r) => void delete c(r).psychologicalEvaluation,
  (r) => void (c(r).psychologicalEvaluation = { date: "2026-01-20", untreatedIssuesLikelyToInterfere: true }),
  (r) => void (c(r).painEtiology = { known: false }),
  (r) => void (c(r).furtherTreatmentOfUnderlyingCondition = "indicated"),
  (r) => void (c(r).furtherTreatmentOfUnderlyingCondition = "refused"),
  (r) => void delete c(r).conservativeTherapies,
  (r) =>
    void (c(r).conservativeTherapies = [
      { startDate: "2025-11-01", outcome: "inadequate_analgesia", reason: "No relief" },
    ]),
  (r) =>
    void (c(r).conservativeTherapies = [
      { startDate: "2024-01-01", endDate: "2025-12-01", outcome: "effective", reason: "Works" },
    ]),
  (r) => c(r).conservativeTherapies?.forEach((t) => delete t.reason),
  (r) => void (c(r).additionalTreatmentsConsidered = false),
  (r) => void delete c(r).psychiatricHistory,
  (r) => void (c(r).trial = { completed: false }),
  (r) => void (c(r).trial = { completed: true, painScale: "vas_0_100", baselinePainScore: 80, postTrialPainScore: 40 }),
  (r) => void (c(r).trial = { completed: true, painScale: "vas_0_100", baselinePainScore: 80, postTrialPainScore: 41 }),
  (r) => void (c(r).trial = { completed: true, baselinePainScore: 8, postTrialPainScore: 5 }),
  (r) => void delete c(r).metastaticLesions,
  (r) => void (c(r).metastaticLesions = { present: true }),
  (r) => void delete c(r).increasedIntracranialPressure,
  (r) => void delete c(r).lifeExpectancyMonths,
  (r) => void (c(r).spasticityAssessment = { symptoms: "Spasms", adlImpairment: [] }),
  (r) => void delete c(r).spasticityScale,
  (r) => void (c(r).spasticityScale = { scale: "penn_spasm_frequency", baselineScore: 3 }),
  (r) => void delete r.clinical,
];

const KINDS: { indication: Indication; phase: Phase }[] = [
  { indication: "chronic_nonmalignant_pain", phase: "trial" },
  { indication: "chronic_nonmalignant_pain", phase: "implant" },
  { indication: "cancer_pain", phase: "trial" },
  { indication: "cancer_pain", phase: "implant" },
  { indication: "spasticity", phase: "trial" },
  { indication: "spasticity", phase: "implant" },
  { indication: "other", phase: "trial" },
  { indication: "other", phase: "implant" },
];

/**
 * `count` schema-valid requests across every indication, phase and outcome: documented
 * requests with 0 to 2 random changes (an absent record, a documented negative, a member
 * out of scope...). Deterministic for a given seed.
 */
export function variedRequests(count: number, seed = 339): PolicyRequest[] {
  const random = seededRandom(seed);
  const out: PolicyRequest[] = [];
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const r = documentedRequest(
      kind.indication === "other" ? "chronic_nonmalignant_pain" : kind.indication,
      kind.phase,
    );
    r.request.indication = kind.indication;
    r.caseId = `varied-${seed}-${i}`;
    const changes = Math.floor(random() * 3);
    for (let k = 0; k < changes; k++) MUTATIONS[Math.floor(random() * MUTATIONS.length)]!(r);
    out.push(r);
  }
  return out;
}

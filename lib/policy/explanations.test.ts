import { describe, expect, it } from "vitest";
import { evaluate, parsePolicyRequest, type CriterionStatus, type Indication, type Phase } from "@/lib/policy";
import { documentedRequest } from "./fixtures";

// The exact words a provider, a reviewer and a letter read for every branch of every rule:
// one and many (pluralization), each documented value and each absence. A changed word here is
// a changed panel, letter and API answer, so it must be a deliberate change of this file too.

// Test requests are edited as loose JSON, the way a provider system might send them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
type Kind = readonly [Exclude<Indication, "other">, Phase];

const cnmpTrial: Kind = ["chronic_nonmalignant_pain", "trial"];
const cnmpImplant: Kind = ["chronic_nonmalignant_pain", "implant"];
const cancerTrial: Kind = ["cancer_pain", "trial"];
const cancerImplant: Kind = ["cancer_pain", "implant"];
const spasticityTrial: Kind = ["spasticity", "trial"];
const spasticityImplant: Kind = ["spasticity", "implant"];
const asIs = () => {};

/** The status and explanation of criterion `id` for the documented request of `kind` changed by `change`. */
function decided([indication, phase]: Kind, change: (r: Json) => void, id: string) {
  const r = structuredClone(documentedRequest(indication, phase)) as Json;
  change(r);
  const parsed = parsePolicyRequest(r);
  if (!parsed.ok) throw new Error(`test request is invalid: ${parsed.error.message}`);
  const c = evaluate(parsed.data).criteria.find((x) => x.id === id);
  if (!c) throw new Error(`no criterion ${id}`);
  return { status: c.status, explanation: c.explanation };
}

type Row = [
  title: string,
  kind: Kind,
  change: (r: Json) => void,
  id: string,
  status: CriterionStatus,
  explanation: string,
];

function table(rows: Row[]) {
  it.each(rows)("%s", (_title, kind, change, id, status, explanation) => {
    expect(decided(kind, change, id)).toEqual({ status, explanation });
  });
}

describe("scope", () => {
  table([
    [
      "age met, counted on the service date",
      cnmpTrial,
      asIs,
      "scope.age",
      "met",
      "The member is 55 on the service date (2026-03-16); the policy addresses members 18 and older.",
    ],
    [
      "age not met",
      cnmpTrial,
      (r) => void (r.member.dateOfBirth = "2008-03-17"),
      "scope.age",
      "not_met",
      "The member is 17 on the service date (2026-03-16); this policy does not address members younger than 18, so a physician reviewer decides under other criteria.",
    ],
    [
      "age counted on the request date without a service date",
      cnmpTrial,
      (r) => void delete r.request.serviceDate,
      "scope.age",
      "met",
      "The member is 55 on the request date (2026-03-02); the policy addresses members 18 and older.",
    ],
    [
      "commercial",
      cnmpTrial,
      asIs,
      "scope.line-of-business",
      "met",
      "The member's line of business is Commercial, to which the policy applies.",
    ],
    [
      "Medicaid",
      cnmpTrial,
      (r) => void (r.member.lineOfBusiness = "medicaid"),
      "scope.line-of-business",
      "met",
      "The member's line of business is Medicaid, to which the policy applies.",
    ],
    [
      "Medicare Advantage",
      cnmpTrial,
      (r) => void (r.member.lineOfBusiness = "medicare_advantage"),
      "scope.line-of-business",
      "not_met",
      "The member is a Medicare Advantage member; Oxford policies do not apply to Medicare Advantage members, so a physician reviewer decides under other criteria.",
    ],
    [
      "an addressed indication",
      cancerTrial,
      asIs,
      "scope.indication",
      "met",
      "The request is for cancer-related pain, which the Coverage Rationale addresses.",
    ],
    [
      "indication other",
      cnmpTrial,
      (r) => void (r.request.indication = "other"),
      "scope.indication",
      "not_met",
      "The indication is none of those the Coverage Rationale addresses (cancer-related pain, spasticity, chronic non-malignant pain), so a physician reviewer decides under other criteria.",
    ],
    [
      "one requested code",
      cnmpTrial,
      asIs,
      "scope.codes",
      "met",
      "The requested code (62324) is among the policy's applicable codes.",
    ],
    [
      "several requested codes",
      cnmpImplant,
      asIs,
      "scope.codes",
      "met",
      "Every requested code (62350, 62362) is among the policy's applicable codes.",
    ],
    [
      "one code outside",
      cnmpTrial,
      (r) => void (r.request.cptCodes = ["62324", "99213"]),
      "scope.codes",
      "not_met",
      "Code 99213 is not among the policy's applicable codes, so a physician reviewer decides under other criteria.",
    ],
    [
      "two codes outside",
      cnmpTrial,
      (r) => void (r.request.cptCodes = ["99213", "62324", "99214"]),
      "scope.codes",
      "not_met",
      "Codes 99213, 99214 are not among the policy's applicable codes, so a physician reviewer decides under other criteria.",
    ],
    [
      "condition",
      spasticityTrial,
      asIs,
      "common.doc.condition",
      "met",
      "The request names the condition requiring the procedure: spasticity.",
    ],
  ]);
});

describe("treatments documentation", () => {
  table([
    [
      "two with reasons",
      cancerTrial,
      asIs,
      "cancer.doc.treatments",
      "met",
      "2 treatments are documented with dates and a reason.",
    ],
    [
      "one with a reason",
      cancerTrial,
      (r) => void r.clinical.conservativeTherapies.pop(),
      "cancer.doc.treatments",
      "met",
      "1 treatment is documented with dates and a reason.",
    ],
    [
      "absent",
      cancerTrial,
      (r) => void delete r.clinical.conservativeTherapies,
      "cancer.doc.treatments",
      "missing_documentation",
      "The treatments tried, failed or contraindicated are not documented.",
    ],
    [
      "empty",
      cancerTrial,
      (r) => void (r.clinical.conservativeTherapies = []),
      "cancer.doc.treatments",
      "missing_documentation",
      "No treatments tried, failed or contraindicated are documented (the list is empty).",
    ],
    [
      "one of two without a reason (blank counts)",
      cancerTrial,
      (r) => void (r.clinical.conservativeTherapies[1].reason = "  "),
      "cancer.doc.treatments",
      "missing_documentation",
      "1 of 2 documented treatments (entry 2) has no reason for discontinuation, contraindication or refusal.",
    ],
    [
      "two of three without a reason",
      spasticityTrial,
      (r) => {
        r.clinical.conservativeTherapies.push({ startDate: "2025-03-01", reason: "x" });
        delete r.clinical.conservativeTherapies[0].reason;
        r.clinical.conservativeTherapies[2].reason = "";
      },
      "spasticity.doc.treatments",
      "missing_documentation",
      "2 of 3 documented treatments (entries 1, 3) have no reason for discontinuation, contraindication or refusal.",
    ],
    [
      "spasticity wording, absent",
      spasticityTrial,
      (r) => void delete r.clinical.conservativeTherapies,
      "spasticity.doc.treatments",
      "missing_documentation",
      "The treatments tried, failed or contraindicated are not documented.",
    ],
    [
      "spasticity wording, empty",
      spasticityImplant,
      (r) => void (r.clinical.conservativeTherapies = []),
      "spasticity.doc.treatments",
      "missing_documentation",
      "No treatments tried, failed or contraindicated are documented (the list is empty).",
    ],
    [
      "cnmp wording, absent",
      cnmpTrial,
      (r) => void delete r.clinical.conservativeTherapies,
      "cnmp.doc.treatments-reasons",
      "missing_documentation",
      "The treatments tried, failed, contraindicated or refused are not documented.",
    ],
    [
      "cnmp wording, empty",
      cnmpTrial,
      (r) => void (r.clinical.conservativeTherapies = []),
      "cnmp.doc.treatments-reasons",
      "missing_documentation",
      "No treatments tried, failed, contraindicated or refused are documented (the list is empty).",
    ],
  ]);
});

describe("pain reduction documented", () => {
  table([
    [
      "no trial",
      cancerImplant,
      (r) => void delete r.clinical.trial,
      "cancer.doc.pain-reduction",
      "missing_documentation",
      "No drug infusion trial is documented, so the pain reduction during the trial is unknown; the degree of pain reduction after the trial is required for implantation.",
    ],
    [
      "neither score",
      cancerImplant,
      (r) => void (r.clinical.trial = { completed: true }),
      "cancer.doc.pain-reduction",
      "missing_documentation",
      "Neither the baseline nor the post-trial pain score of the trial is documented; the degree of pain reduction after the trial is required for implantation.",
    ],
    [
      "no baseline",
      cancerImplant,
      (r) => void delete r.clinical.trial.baselinePainScore,
      "cancer.doc.pain-reduction",
      "missing_documentation",
      "The baseline pain score of the trial is not documented; the degree of pain reduction after the trial is required for implantation.",
    ],
    [
      "no post-trial score",
      cancerImplant,
      (r) => void delete r.clinical.trial.postTrialPainScore,
      "cancer.doc.pain-reduction",
      "missing_documentation",
      "The post-trial pain score of the trial is not documented; the degree of pain reduction after the trial is required for implantation.",
    ],
    [
      "a fall, cut not rounded (66.6)",
      cancerImplant,
      (r) => void Object.assign(r.clinical.trial, { baselinePainScore: 3, postTrialPainScore: 1 }),
      "cancer.doc.pain-reduction",
      "met",
      "The degree of pain reduction after the trial is documented. Pain fell from 3 to 1 on the 0–10 scale during the trial, a 66.6 % reduction.",
    ],
    [
      "a fall on the visual analogue scale",
      cnmpImplant,
      (r) =>
        void Object.assign(r.clinical.trial, { painScale: "vas_0_100", baselinePainScore: 80, postTrialPainScore: 41 }),
      "cnmp.doc.pain-reduction",
      "met",
      "The degree of pain reduction after the trial is documented. Pain fell from 80 to 41 on the 0–100 visual analogue scale during the trial, a 48.7 % reduction.",
    ],
    [
      "the default scale when none is named",
      cnmpImplant,
      (r) => void delete r.clinical.trial.painScale,
      "cnmp.doc.pain-reduction",
      "met",
      "The degree of pain reduction after the trial is documented. Pain fell from 8 to 3 on the 0–10 scale during the trial, a 62.5 % reduction.",
    ],
    [
      "decimal scores",
      cnmpImplant,
      (r) => void Object.assign(r.clinical.trial, { baselinePainScore: 7.5, postTrialPainScore: 3.5 }),
      "cnmp.doc.pain-reduction",
      "met",
      "The degree of pain reduction after the trial is documented. Pain fell from 7.5 to 3.5 on the 0–10 scale during the trial, a 53.3 % reduction.",
    ],
    [
      "one decimal score",
      cnmpImplant,
      (r) => void Object.assign(r.clinical.trial, { baselinePainScore: 7, postTrialPainScore: 2.5 }),
      "cnmp.doc.pain-reduction",
      "met",
      "The degree of pain reduction after the trial is documented. Pain fell from 7 to 2.5 on the 0–10 scale during the trial, a 64.2 % reduction.",
    ],
    [
      "stayed",
      cnmpImplant,
      (r) => void Object.assign(r.clinical.trial, { baselinePainScore: 6, postTrialPainScore: 6 }),
      "cnmp.doc.pain-reduction",
      "met",
      "The degree of pain reduction after the trial is documented. Pain stayed at 6 on the 0–10 scale during the trial (no reduction).",
    ],
    [
      "rose",
      cnmpImplant,
      (r) => void Object.assign(r.clinical.trial, { baselinePainScore: 6, postTrialPainScore: 7 }),
      "cnmp.doc.pain-reduction",
      "met",
      "The degree of pain reduction after the trial is documented. Pain rose from 6 to 7 on the 0–10 scale during the trial (no reduction).",
    ],
  ]);
});

describe("implant pain reduction", () => {
  table([
    [
      "met",
      cnmpImplant,
      asIs,
      "cnmp.implant.pain-reduction",
      "met",
      "Pain fell from 8 to 3 on the 0–10 scale during the trial, a 62.5 % reduction; the policy needs at least 50 %.",
    ],
    [
      "not met",
      cnmpImplant,
      (r) => void Object.assign(r.clinical.trial, { baselinePainScore: 8, postTrialPainScore: 5 }),
      "cnmp.implant.pain-reduction",
      "not_met",
      "Pain fell from 8 to 5 on the 0–10 scale during the trial, a 37.5 % reduction; the policy needs at least 50 %.",
    ],
    [
      "exactly 50 % with decimals",
      cnmpImplant,
      (r) => void Object.assign(r.clinical.trial, { baselinePainScore: 7.5, postTrialPainScore: 3.75 }),
      "cnmp.implant.pain-reduction",
      "met",
      "Pain fell from 7.5 to 3.75 on the 0–10 scale during the trial, a 50 % reduction; the policy needs at least 50 %.",
    ],
    [
      "just under 50 % with decimals",
      cnmpImplant,
      (r) => void Object.assign(r.clinical.trial, { baselinePainScore: 7.5, postTrialPainScore: 3.751 }),
      "cnmp.implant.pain-reduction",
      "not_met",
      "Pain fell from 7.5 to 3.751 on the 0–10 scale during the trial, a 49.9 % reduction; the policy needs at least 50 %.",
    ],
    [
      "missing",
      cnmpImplant,
      (r) => void delete r.clinical.trial.postTrialPainScore,
      "cnmp.implant.pain-reduction",
      "missing_documentation",
      "The post-trial pain score of the trial is not documented; the policy needs a reduction of at least 50 %.",
    ],
  ]);
});

describe("trial completed", () => {
  table([
    [
      "date and route",
      cnmpImplant,
      asIs,
      "cnmp.implant.trial-completed",
      "met",
      "The drug infusion trial was completed (2026-02-01, intrathecal).",
    ],
    [
      "date only",
      cnmpImplant,
      (r) => void delete r.clinical.trial.route,
      "cnmp.implant.trial-completed",
      "met",
      "The drug infusion trial was completed (2026-02-01).",
    ],
    [
      "route only",
      cnmpImplant,
      (r) => void delete r.clinical.trial.date,
      "cnmp.implant.trial-completed",
      "met",
      "The drug infusion trial was completed (intrathecal).",
    ],
    [
      "neither",
      cnmpImplant,
      (r) => {
        delete r.clinical.trial.date;
        delete r.clinical.trial.route;
      },
      "cnmp.implant.trial-completed",
      "met",
      "The drug infusion trial was completed.",
    ],
    [
      "not completed",
      cnmpImplant,
      (r) => void (r.clinical.trial.completed = false),
      "cnmp.implant.trial-completed",
      "not_met",
      "The drug infusion trial is documented as not completed.",
    ],
    [
      "completion unknown",
      cnmpImplant,
      (r) => void delete r.clinical.trial.completed,
      "cnmp.implant.trial-completed",
      "missing_documentation",
      "Whether the drug infusion trial was completed is not documented.",
    ],
    [
      "no trial",
      cnmpImplant,
      (r) => void delete r.clinical.trial,
      "cnmp.implant.trial-completed",
      "missing_documentation",
      "No drug infusion trial is documented.",
    ],
  ]);
});

describe("cancer documentation", () => {
  table([
    [
      "interqual",
      cancerTrial,
      asIs,
      "cancer.medical-necessity",
      "needs_clinical_review",
      "Medical necessity for cancer-related pain is decided by the InterQual® CP: Procedures, Epidural or Intrathecal Catheter Placement criteria, which a reviewer must apply.",
    ],
    [
      "one lesion location",
      cancerTrial,
      asIs,
      "cancer.doc.metastatic-lesions",
      "met",
      "Metastatic lesions are documented at 1 location.",
    ],
    [
      "two lesion locations",
      cancerTrial,
      (r) => void r.clinical.metastaticLesions.locations.push("liver"),
      "cancer.doc.metastatic-lesions",
      "met",
      "Metastatic lesions are documented at 2 locations.",
    ],
    [
      "locations without present",
      cancerTrial,
      (r) => void delete r.clinical.metastaticLesions.present,
      "cancer.doc.metastatic-lesions",
      "met",
      "Metastatic lesions are documented at 1 location.",
    ],
    [
      "present without locations",
      cancerTrial,
      (r) => void delete r.clinical.metastaticLesions.locations,
      "cancer.doc.metastatic-lesions",
      "missing_documentation",
      "Metastatic lesions are documented as present, but not their location.",
    ],
    [
      "present with an empty list",
      cancerTrial,
      (r) => void (r.clinical.metastaticLesions.locations = []),
      "cancer.doc.metastatic-lesions",
      "missing_documentation",
      "Metastatic lesions are documented as present, but not their location.",
    ],
    [
      "absence",
      cancerTrial,
      (r) => void (r.clinical.metastaticLesions = { present: false }),
      "cancer.doc.metastatic-lesions",
      "met",
      "The absence of metastatic lesions is documented.",
    ],
    [
      "absence with a stray location",
      cancerTrial,
      (r) => void (r.clinical.metastaticLesions.present = false),
      "cancer.doc.metastatic-lesions",
      "met",
      "The absence of metastatic lesions is documented.",
    ],
    [
      "neither",
      cancerTrial,
      (r) => void (r.clinical.metastaticLesions = {}),
      "cancer.doc.metastatic-lesions",
      "missing_documentation",
      "Whether metastatic lesions are present is not documented.",
    ],
    [
      "lesions absent",
      cancerTrial,
      (r) => void delete r.clinical.metastaticLesions,
      "cancer.doc.metastatic-lesions",
      "missing_documentation",
      "The presence and location of metastatic lesions are not documented.",
    ],
    [
      "pressure absent",
      cancerTrial,
      asIs,
      "cancer.doc.intracranial-pressure",
      "met",
      "Increased intracranial pressure is documented as absent.",
    ],
    [
      "pressure present",
      cancerTrial,
      (r) => void (r.clinical.increasedIntracranialPressure = true),
      "cancer.doc.intracranial-pressure",
      "met",
      "Increased intracranial pressure is documented as present.",
    ],
    [
      "pressure undocumented",
      cancerTrial,
      (r) => void delete r.clinical.increasedIntracranialPressure,
      "cancer.doc.intracranial-pressure",
      "missing_documentation",
      "Whether increased intracranial pressure is present or absent is not documented.",
    ],
    [
      "life expectancy months",
      cancerTrial,
      asIs,
      "cancer.doc.life-expectancy",
      "met",
      "Life expectancy is documented as 8 months.",
    ],
    [
      "life expectancy one month",
      cancerTrial,
      (r) => void (r.clinical.lifeExpectancyMonths = 1),
      "cancer.doc.life-expectancy",
      "met",
      "Life expectancy is documented as 1 month.",
    ],
    [
      "life expectancy undocumented",
      cancerTrial,
      (r) => void delete r.clinical.lifeExpectancyMonths,
      "cancer.doc.life-expectancy",
      "missing_documentation",
      "The member's life expectancy is not documented.",
    ],
  ]);
});

describe("spasticity documentation", () => {
  table([
    [
      "interqual",
      spasticityTrial,
      asIs,
      "spasticity.medical-necessity",
      "needs_clinical_review",
      "Medical necessity for severe spasticity is decided by the InterQual® CP: Procedures, Epidural or Intrathecal Catheter Placement criteria, which a reviewer must apply.",
    ],
    [
      "two activities",
      spasticityTrial,
      asIs,
      "spasticity.doc.assessment",
      "met",
      "The spasticity assessment is documented, with 2 activities of daily living impaired.",
    ],
    [
      "one activity",
      spasticityTrial,
      (r) => void (r.clinical.spasticityAssessment.adlImpairment = ["walking"]),
      "spasticity.doc.assessment",
      "met",
      "The spasticity assessment is documented, with 1 activity of daily living impaired.",
    ],
    [
      "no activity",
      spasticityTrial,
      (r) => void (r.clinical.spasticityAssessment.adlImpairment = []),
      "spasticity.doc.assessment",
      "missing_documentation",
      "No activity of daily living impaired by the spasticity is documented.",
    ],
    [
      "activities not listed",
      spasticityTrial,
      (r) => void delete r.clinical.spasticityAssessment.adlImpairment,
      "spasticity.doc.assessment",
      "missing_documentation",
      "No activity of daily living impaired by the spasticity is documented.",
    ],
    [
      "assessment absent",
      spasticityTrial,
      (r) => void delete r.clinical.spasticityAssessment,
      "spasticity.doc.assessment",
      "missing_documentation",
      "The member's symptoms, location, severity and functional impairment are not documented.",
    ],
    [
      "baseline named scale",
      spasticityTrial,
      asIs,
      "spasticity.doc.scale-baseline",
      "met",
      "A baseline Modified Ashworth Scale score of 3 is documented.",
    ],
    [
      "baseline unnamed scale",
      spasticityTrial,
      (r) => void delete r.clinical.spasticityScale.scale,
      "spasticity.doc.scale-baseline",
      "met",
      "A baseline spasticity scale score of 3 is documented.",
    ],
    [
      "baseline absent",
      spasticityTrial,
      (r) => void delete r.clinical.spasticityScale.baselineScore,
      "spasticity.doc.scale-baseline",
      "missing_documentation",
      "No Modified Ashworth Scale or Penn Spasm Frequency Scale result before the trial is documented.",
    ],
    [
      "scale absent",
      spasticityTrial,
      (r) => void delete r.clinical.spasticityScale,
      "spasticity.doc.scale-baseline",
      "missing_documentation",
      "No Modified Ashworth Scale or Penn Spasm Frequency Scale result before the trial is documented.",
    ],
    [
      "history without substance use",
      spasticityTrial,
      asIs,
      "spasticity.doc.psychiatric-history",
      "met",
      "The member's psychiatric and substance use history is documented (no substance use).",
    ],
    [
      "history with substance use",
      spasticityTrial,
      (r) => void (r.clinical.psychiatricHistory.includesSubstanceUse = true),
      "spasticity.doc.psychiatric-history",
      "met",
      "The member's psychiatric and substance use history is documented (it includes substance use).",
    ],
    [
      "history silent on substance use",
      spasticityTrial,
      (r) => void delete r.clinical.psychiatricHistory.includesSubstanceUse,
      "spasticity.doc.psychiatric-history",
      "met",
      "The member's psychiatric and substance use history is documented.",
    ],
    [
      "history absent",
      spasticityTrial,
      (r) => void delete r.clinical.psychiatricHistory,
      "spasticity.doc.psychiatric-history",
      "missing_documentation",
      "The member's psychiatric and substance use history is not documented.",
    ],
    [
      "pressure",
      spasticityTrial,
      asIs,
      "spasticity.doc.intracranial-pressure",
      "met",
      "Increased intracranial pressure is documented as absent.",
    ],
    [
      "pain reduction not applicable",
      spasticityImplant,
      asIs,
      "spasticity.doc.pain-reduction",
      "not_applicable",
      "Neither the baseline nor the post-trial pain score of the trial is documented; for spasticity the policy asks for it only if applicable, so it is not required.",
    ],
    [
      "pain reduction documented",
      spasticityImplant,
      (r) => void Object.assign(r.clinical.trial, { baselinePainScore: 6, postTrialPainScore: 3 }),
      "spasticity.doc.pain-reduction",
      "met",
      "Pain fell from 6 to 3 on the 0–10 scale during the trial, a 50 % reduction.",
    ],
    [
      "scale reduction",
      spasticityImplant,
      asIs,
      "spasticity.doc.scale-reduction",
      "met",
      "The Modified Ashworth Scale score went from 3 before the trial to 1 after it (a 2-point reduction).",
    ],
    [
      "scale reduction with decimals",
      spasticityImplant,
      (r) => void Object.assign(r.clinical.spasticityScale, { baselineScore: 2.5, postTrialScore: 1.75 }),
      "spasticity.doc.scale-reduction",
      "met",
      "The Modified Ashworth Scale score went from 2.5 before the trial to 1.75 after it (a 0.75-point reduction).",
    ],
    [
      "no change",
      spasticityImplant,
      (r) => void (r.clinical.spasticityScale.postTrialScore = 3),
      "spasticity.doc.scale-reduction",
      "met",
      "The Modified Ashworth Scale score went from 3 before the trial to 3 after it (no change).",
    ],
    [
      "an increase",
      spasticityImplant,
      (r) => void (r.clinical.spasticityScale.postTrialScore = 4),
      "spasticity.doc.scale-reduction",
      "met",
      "The Modified Ashworth Scale score went from 3 before the trial to 4 after it (an increase).",
    ],
    [
      "no post-trial score, scale named",
      spasticityImplant,
      (r) => void delete r.clinical.spasticityScale.postTrialScore,
      "spasticity.doc.scale-reduction",
      "missing_documentation",
      "The Modified Ashworth Scale score after the trial is not documented, so the score reduction cannot be shown.",
    ],
    [
      "no post-trial score, no scale",
      spasticityImplant,
      (r) => void delete r.clinical.spasticityScale,
      "spasticity.doc.scale-reduction",
      "missing_documentation",
      "The Modified Ashworth Scale or Penn Spasm Frequency Scale score after the trial is not documented, so the score reduction cannot be shown.",
    ],
    [
      "no baseline",
      spasticityImplant,
      (r) => void (r.clinical.spasticityScale = { scale: "penn_spasm_frequency", postTrialScore: 1 }),
      "spasticity.doc.scale-reduction",
      "missing_documentation",
      "The Penn Spasm Frequency Scale score before the trial is not documented, so the score reduction cannot be shown.",
    ],
  ]);
});

describe("cnmp trial", () => {
  table([
    ["age met", cnmpTrial, asIs, "cnmp.trial.age", "met", "The member is 55 on the service date (2026-03-16)."],
    [
      "age not met",
      cnmpTrial,
      (r) => void (r.member.dateOfBirth = "2010-01-01"),
      "cnmp.trial.age",
      "not_met",
      "The member is 16 on the service date (2026-03-16); the policy needs 18 or older.",
    ],
    [
      "etiology known",
      cnmpTrial,
      asIs,
      "cnmp.trial.etiology",
      "met",
      "The etiology of the pain is documented as known.",
    ],
    [
      "etiology unknown",
      cnmpTrial,
      (r) => void (r.clinical.painEtiology.known = false),
      "cnmp.trial.etiology",
      "not_met",
      "The etiology of the pain is documented as unknown; the policy needs a known, clearly documented etiology.",
    ],
    [
      "etiology silent",
      cnmpTrial,
      (r) => void delete r.clinical.painEtiology.known,
      "cnmp.trial.etiology",
      "missing_documentation",
      "Whether the etiology of the pain is known is not documented.",
    ],
    [
      "etiology absent",
      cnmpTrial,
      (r) => void delete r.clinical.painEtiology,
      "cnmp.trial.etiology",
      "missing_documentation",
      "The etiology of the pain is not documented.",
    ],
    [
      "further treatment not indicated",
      cnmpTrial,
      asIs,
      "cnmp.trial.further-treatment",
      "met",
      "Further treatment or surgery for the underlying condition is documented as not indicated.",
    ],
    [
      "further treatment refused",
      cnmpTrial,
      (r) => void (r.clinical.furtherTreatmentOfUnderlyingCondition = "refused"),
      "cnmp.trial.further-treatment",
      "met",
      "Further treatment or surgery for the underlying condition is documented as refused by the member.",
    ],
    [
      "further treatment indicated",
      cnmpTrial,
      (r) => void (r.clinical.furtherTreatmentOfUnderlyingCondition = "indicated"),
      "cnmp.trial.further-treatment",
      "not_met",
      "Further treatment or surgery for the underlying condition is documented as indicated; the policy needs it to be not indicated or refused.",
    ],
    [
      "further treatment absent",
      cnmpTrial,
      (r) => void delete r.clinical.furtherTreatmentOfUnderlyingCondition,
      "cnmp.trial.further-treatment",
      "missing_documentation",
      "Whether further treatment or surgery for the underlying condition is indicated is not documented.",
    ],
    [
      "psychological fine",
      cnmpTrial,
      asIs,
      "cnmp.trial.psychological",
      "met",
      "The psychological evaluation of 2026-01-20 found no untreated psychological or psychosocial issues likely to interfere with pain treatment.",
    ],
    [
      "psychological issues",
      cnmpTrial,
      (r) => void (r.clinical.psychologicalEvaluation.untreatedIssuesLikelyToInterfere = true),
      "cnmp.trial.psychological",
      "not_met",
      "The psychological evaluation of 2026-01-20 found untreated psychological or psychosocial issues likely to interfere with pain treatment.",
    ],
    [
      "psychological undated",
      cnmpTrial,
      (r) => void delete r.clinical.psychologicalEvaluation.date,
      "cnmp.trial.psychological",
      "met",
      "The psychological evaluation found no untreated psychological or psychosocial issues likely to interfere with pain treatment.",
    ],
    [
      "psychological silent",
      cnmpTrial,
      (r) => void delete r.clinical.psychologicalEvaluation.untreatedIssuesLikelyToInterfere,
      "cnmp.trial.psychological",
      "missing_documentation",
      "The psychological evaluation of 2026-01-20 does not say whether untreated issues are likely to interfere with pain treatment.",
    ],
    [
      "psychological absent",
      cnmpTrial,
      (r) => void delete r.clinical.psychologicalEvaluation,
      "cnmp.trial.psychological",
      "missing_documentation",
      "No psychological evaluation is documented, so the absence of untreated psychological or psychosocial issues is not shown.",
    ],
    [
      "doc etiology",
      cnmpTrial,
      asIs,
      "cnmp.doc.etiology",
      "met",
      "The etiology of the pain is addressed in the documentation.",
    ],
    [
      "doc etiology absent",
      cnmpTrial,
      (r) => void delete r.clinical.painEtiology,
      "cnmp.doc.etiology",
      "missing_documentation",
      "The etiology of the pain is not documented.",
    ],
    [
      "additional treatments",
      cnmpTrial,
      asIs,
      "cnmp.doc.additional-treatments",
      "met",
      "Consideration given to additional treatments for the underlying condition is documented.",
    ],
    [
      "additional treatments not considered",
      cnmpTrial,
      (r) => void (r.clinical.additionalTreatmentsConsidered = false),
      "cnmp.doc.additional-treatments",
      "missing_documentation",
      "The documentation says additional treatments for the underlying condition were not considered.",
    ],
    [
      "additional treatments absent",
      cnmpTrial,
      (r) => void delete r.clinical.additionalTreatmentsConsidered,
      "cnmp.doc.additional-treatments",
      "missing_documentation",
      "Consideration given to additional treatments for the underlying condition is not documented.",
    ],
    [
      "cnmp history",
      cnmpTrial,
      asIs,
      "cnmp.doc.psychiatric-history",
      "met",
      "The member's psychiatric or psychosocial history is documented (no substance use).",
    ],
    [
      "cnmp history with substance use",
      cnmpTrial,
      (r) => void (r.clinical.psychiatricHistory.includesSubstanceUse = true),
      "cnmp.doc.psychiatric-history",
      "met",
      "The member's psychiatric or psychosocial history is documented (it includes substance use).",
    ],
    [
      "cnmp history absent",
      cnmpTrial,
      (r) => void delete r.clinical.psychiatricHistory,
      "cnmp.doc.psychiatric-history",
      "missing_documentation",
      "The member's psychiatric or psychosocial issues and history are not documented.",
    ],
  ]);
});

describe("conservative therapy", () => {
  table([
    [
      "both failures over the span",
      cnmpTrial,
      asIs,
      "cnmp.trial.conservative-therapy",
      "met",
      "Conservative management failed (intolerable side-effects, inadequate analgesia) over 6 months 22 days (2025-01-10 to 2025-08-01); the policy needs at least 6 months.",
    ],
    [
      "side-effects only",
      cnmpTrial,
      (r) => void r.clinical.conservativeTherapies.pop(),
      "cnmp.trial.conservative-therapy",
      "met",
      "Conservative management failed (intolerable side-effects) over 6 months 22 days (2025-01-10 to 2025-08-01); the policy needs at least 6 months.",
    ],
    [
      "inadequate analgesia only",
      cnmpTrial,
      (r) => void r.clinical.conservativeTherapies.shift(),
      "cnmp.trial.conservative-therapy",
      "not_met",
      "Conservative management that failed (inadequate analgesia) lasted 3 months (2025-02-01 to 2025-05-01); the policy needs at least 6 months.",
    ],
    [
      "open-ended",
      cnmpTrial,
      (r) =>
        void (r.clinical.conservativeTherapies = [
          { startDate: "2025-08-02", outcome: "inadequate_analgesia", reason: "No relief" },
        ]),
      "cnmp.trial.conservative-therapy",
      "met",
      "Conservative management failed (inadequate analgesia) over 7 months (2025-08-02 to 2026-03-02, treatment continuing on the request date); the policy needs at least 6 months.",
    ],
    [
      "started after the request date",
      cnmpTrial,
      (r) =>
        void (r.clinical.conservativeTherapies = [
          { startDate: "2026-03-10", outcome: "inadequate_analgesia", reason: "No relief" },
        ]),
      "cnmp.trial.conservative-therapy",
      "not_met",
      "Conservative management that failed (inadequate analgesia) lasted 0 days (2026-03-10 to 2026-03-10, treatment continuing on the request date); the policy needs at least 6 months.",
    ],
    [
      "earliest start and latest end across entries",
      cnmpTrial,
      (r) =>
        void (r.clinical.conservativeTherapies = [
          { startDate: "2025-03-01", endDate: "2025-04-01", outcome: "inadequate_analgesia", reason: "a" },
          { startDate: "2025-01-31", endDate: "2025-02-15", outcome: "intolerable_side_effects", reason: "b" },
          { startDate: "2025-02-01", endDate: "2025-07-31", outcome: "inadequate_analgesia", reason: "c" },
          { startDate: "2025-02-10", endDate: "2025-03-10", outcome: "inadequate_analgesia", reason: "d" },
        ]),
      "cnmp.trial.conservative-therapy",
      "met",
      "Conservative management failed (intolerable side-effects, inadequate analgesia) over 6 months (2025-01-31 to 2025-07-31); the policy needs at least 6 months.",
    ],
    [
      "one month one day",
      cnmpTrial,
      (r) =>
        void (r.clinical.conservativeTherapies = [
          { startDate: "2025-01-31", endDate: "2025-03-01", outcome: "inadequate_analgesia", reason: "a" },
        ]),
      "cnmp.trial.conservative-therapy",
      "not_met",
      "Conservative management that failed (inadequate analgesia) lasted 1 month 1 day (2025-01-31 to 2025-03-01); the policy needs at least 6 months.",
    ],
    [
      "one treatment that did not fail",
      cnmpTrial,
      (r) =>
        void (r.clinical.conservativeTherapies = [
          { startDate: "2024-01-01", endDate: "2025-12-01", outcome: "effective", reason: "Works" },
        ]),
      "cnmp.trial.conservative-therapy",
      "not_met",
      "The one documented treatment did not fail (effective); the policy needs at least 6 months of conservative management that failed (intolerable side-effects or inadequate analgesia).",
    ],
    [
      "none of four failed, outcomes named once",
      cnmpTrial,
      (r) =>
        void (r.clinical.conservativeTherapies = [
          { startDate: "2024-01-01", outcome: "effective", reason: "a" },
          { startDate: "2024-02-01", reason: "b" },
          { startDate: "2024-03-01", outcome: "effective", reason: "c" },
          { startDate: "2024-04-01", outcome: "refused", reason: "d" },
        ]),
      "cnmp.trial.conservative-therapy",
      "not_met",
      "None of the 4 documented treatments failed (effective, no outcome recorded, refused); the policy needs at least 6 months of conservative management that failed (intolerable side-effects or inadequate analgesia).",
    ],
    [
      "empty",
      cnmpTrial,
      (r) => void (r.clinical.conservativeTherapies = []),
      "cnmp.trial.conservative-therapy",
      "not_met",
      "No conservative pain management was tried; the policy needs at least 6 months of conservative management that failed (intolerable side-effects or inadequate analgesia).",
    ],
    [
      "absent",
      cnmpTrial,
      (r) => void delete r.clinical.conservativeTherapies,
      "cnmp.trial.conservative-therapy",
      "missing_documentation",
      "No conservative pain management is documented; the policy needs at least 6 months of conservative management that failed (intolerable side-effects or inadequate analgesia).",
    ],
  ]);
});

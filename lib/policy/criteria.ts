// The criteria catalogue of PHARMACY 339.7: every criterion the engine decides, each with the
// verbatim policy passage it rests on (coverage criteria quote the Coverage Rationale,
// documentation requirements the Documentation Requirements section; "scope" criteria quote
// where the policy says whom it does not address). Tests prove each quote stands verbatim in
// the text and inside the passage its anchor names.
//
// Ids are stable: findings, determinations and letters store them. Add, never rename.

import type { Criterion, CriterionIndication } from "./types";
import type { Indication, Phase } from "./schema";

const BOTH: readonly Phase[] = ["trial", "implant"];
const IMPLANT: readonly Phase[] = ["implant"];

export const PHARMACY_339_7_CRITERIA: readonly Criterion[] = [
  // --- Scope: whether the policy addresses the request at all (every indication). ---
  {
    id: "scope.age",
    indication: "all",
    phases: BOTH,
    kind: "scope",
    // Two age checks, on purpose: this one decides whether the policy addresses the member at all
    // (its footnote); the indication's own coverage criterion ("Age ≥ 18 years") is checked too.
    label: "Scope: the policy addresses members 18 or older (age on the service date)",
    quote: "This policy does not address individuals who are younger than 18 years of age.",
    anchor: "coverage-age-footnote",
    fields: ["member.dateOfBirth", "request.serviceDate", "request.requestDate"],
  },
  {
    id: "scope.line-of-business",
    indication: "all",
    phases: BOTH,
    kind: "scope",
    label: "The member is not a Medicare Advantage member",
    quote: "Unless otherwise stated, Oxford policies do not apply to Medicare Advantage members.",
    anchor: "instructions-scope",
    fields: ["member.lineOfBusiness"],
  },
  {
    id: "scope.indication",
    indication: "all",
    phases: BOTH,
    kind: "scope",
    label: "The request is for cancer-related pain, spasticity or chronic non-malignant pain",
    quote: "Implanted drug delivery systems can be used to treat pain or spasticity.",
    anchor: "description-1",
    fields: ["request.indication"],
  },
  {
    id: "scope.codes",
    indication: "all",
    phases: BOTH,
    kind: "scope",
    label: "Every requested CPT code is one of the policy's applicable codes",
    quote:
      "The following list(s) of procedure and/or diagnosis codes is provided for reference purposes only and may not be all inclusive.",
    anchor: "codes-intro",
    fields: ["request.cptCodes"],
  },

  // --- Every indication: the condition. ---
  {
    id: "common.doc.condition",
    indication: "all",
    phases: BOTH,
    kind: "documentation",
    label: "Condition requiring the procedure",
    quote: "Condition requiring procedure",
    anchor: "documentation-condition",
    fields: ["request.indication"],
  },

  // --- Cancer-related pain. ---
  {
    id: "cancer.medical-necessity",
    indication: "cancer_pain",
    phases: BOTH,
    kind: "coverage",
    label:
      "Medical necessity under InterQual® CP: Procedures, Epidural or Intrathecal Catheter Placement (applied by a reviewer)",
    quote:
      "Epidural or intrathecal drug infusion trial or catheter pump placement for cancer-related pain is proven and medically necessary in certain circumstances. For medical necessity clinical coverage criteria, refer to the InterQual® CP: Procedures, Epidural or Intrathecal Catheter Placement.",
    anchor: "coverage-cancer-1",
    fields: ["request.indication", "request.phase"],
  },
  {
    id: "cancer.doc.metastatic-lesions",
    indication: "cancer_pain",
    phases: BOTH,
    kind: "documentation",
    label: "Presence and location of metastatic lesions",
    quote: "Presence and location of metastatic lesions",
    anchor: "documentation-cancer-trial-1",
    fields: ["clinical.metastaticLesions"],
  },
  {
    id: "cancer.doc.intracranial-pressure",
    indication: "cancer_pain",
    phases: BOTH,
    kind: "documentation",
    label: "Presence or absence of increased intracranial pressure",
    quote: "Presence or absence of increased intracranial pressure",
    anchor: "documentation-cancer-trial-2",
    fields: ["clinical.increasedIntracranialPressure"],
  },
  {
    id: "cancer.doc.life-expectancy",
    indication: "cancer_pain",
    phases: BOTH,
    kind: "documentation",
    label: "Life expectancy",
    quote: "Life expectancy",
    anchor: "documentation-cancer-trial-3",
    fields: ["clinical.lifeExpectancyMonths"],
  },
  {
    id: "cancer.doc.treatments",
    indication: "cancer_pain",
    phases: BOTH,
    kind: "documentation",
    label: "Treatments tried, failed or contraindicated, with dates and reasons for discontinuation",
    quote: "Treatments tried, failed, or contraindicated; include the dates and reason for discontinuation",
    anchor: "documentation-cancer-trial-4",
    fields: ["clinical.conservativeTherapies"],
  },
  {
    id: "cancer.doc.pain-reduction",
    indication: "cancer_pain",
    phases: IMPLANT,
    kind: "documentation",
    label: "Degree of pain reduction after the trial",
    quote: "For implantation, in addition to the above, also provide the degree of pain reduction after trial",
    anchor: "documentation-cancer-implant",
    fields: ["clinical.trial.baselinePainScore", "clinical.trial.postTrialPainScore", "clinical.trial.painScale"],
  },

  // --- Spasticity. ---
  {
    id: "spasticity.medical-necessity",
    indication: "spasticity",
    phases: BOTH,
    kind: "coverage",
    label:
      "Medical necessity under InterQual® CP: Procedures, Epidural or Intrathecal Catheter Placement (applied by a reviewer)",
    quote:
      "Epidural or intrathecal drug infusion trial or catheter pump placement for severe spasticity is proven and medically necessary in certain circumstances. For medical necessity clinical coverage criteria, refer to the InterQual® CP: Procedures, Epidural or Intrathecal Catheter Placement.",
    anchor: "coverage-spasticity-1",
    fields: ["request.indication", "request.phase"],
  },
  {
    id: "spasticity.doc.assessment",
    indication: "spasticity",
    phases: BOTH,
    kind: "documentation",
    label: "Symptoms, pain, location and severity, with the functional impairment of activities of daily living",
    quote:
      "Member’s symptoms, pain, location, and severity including functional impairment that is interfering with activities of daily living (meals, walking, getting dressed, driving)",
    anchor: "documentation-spasticity-trial-1",
    fields: ["clinical.spasticityAssessment"],
  },
  {
    id: "spasticity.doc.scale-baseline",
    indication: "spasticity",
    phases: BOTH,
    kind: "documentation",
    label: "Modified Ashworth Scale or Penn Spasm Frequency Scale result",
    quote: "Results of Modified Ashworth Scale or Penn Spasm Frequency Scale",
    anchor: "documentation-spasticity-trial-2",
    fields: ["clinical.spasticityScale.baselineScore", "clinical.spasticityScale.scale"],
  },
  {
    id: "spasticity.doc.treatments",
    indication: "spasticity",
    phases: BOTH,
    kind: "documentation",
    label: "Treatments tried, failed or contraindicated, with dates and reasons for discontinuation",
    quote: "Treatments tried, failed, or contraindicated; include the dates and reason for discontinuation",
    anchor: "documentation-spasticity-trial-3",
    fields: ["clinical.conservativeTherapies"],
  },
  {
    id: "spasticity.doc.psychiatric-history",
    indication: "spasticity",
    phases: BOTH,
    kind: "documentation",
    label: "Psychiatric or substance use history",
    quote: "Psychiatric or substance use history",
    anchor: "documentation-spasticity-trial-4",
    fields: ["clinical.psychiatricHistory"],
  },
  {
    id: "spasticity.doc.intracranial-pressure",
    indication: "spasticity",
    phases: BOTH,
    kind: "documentation",
    label: "Presence or absence of increased intracranial pressure",
    quote: "Presence or absence of increased intracranial pressure",
    anchor: "documentation-spasticity-trial-5",
    fields: ["clinical.increasedIntracranialPressure"],
  },
  {
    id: "spasticity.doc.pain-reduction",
    indication: "spasticity",
    phases: IMPLANT,
    kind: "documentation",
    label: "Degree of pain reduction after the trial, if applicable",
    quote: "Degree of pain reduction after trial, if applicable",
    anchor: "documentation-spasticity-implant-1",
    fields: ["clinical.trial.baselinePainScore", "clinical.trial.postTrialPainScore", "clinical.trial.painScale"],
  },
  {
    id: "spasticity.doc.scale-reduction",
    indication: "spasticity",
    phases: IMPLANT,
    kind: "documentation",
    label: "Score reduction on the Modified Ashworth Scale or Penn Spasm Frequency Scale after the trial",
    quote: "Score/point reduction in the Modified Ashworth Scale or Penn Spasm Frequency Scale",
    anchor: "documentation-spasticity-implant-2",
    fields: [
      "clinical.spasticityScale.baselineScore",
      "clinical.spasticityScale.postTrialScore",
      "clinical.spasticityScale.scale",
    ],
  },

  // --- Chronic non-malignant pain: coverage criteria of the trial (they apply to implantation too). ---
  {
    id: "cnmp.trial.age",
    indication: "chronic_nonmalignant_pain",
    phases: BOTH,
    kind: "coverage",
    label: "Coverage criterion for chronic non-malignant pain: age 18 or older",
    quote: "Age ≥ 18 years",
    anchor: "coverage-cnmp-trial-1",
    fields: ["member.dateOfBirth", "request.serviceDate", "request.requestDate"],
  },
  {
    id: "cnmp.trial.etiology",
    indication: "chronic_nonmalignant_pain",
    phases: BOTH,
    kind: "coverage",
    label: "The etiology of the pain is known and clearly documented",
    quote: "Etiology of pain is known and clearly documented",
    anchor: "coverage-cnmp-trial-2",
    fields: ["clinical.painEtiology"],
  },
  {
    id: "cnmp.trial.further-treatment",
    indication: "chronic_nonmalignant_pain",
    phases: BOTH,
    kind: "coverage",
    label: "Further treatment or surgery for the underlying condition is not indicated or was refused",
    quote: "Further treatment or surgical intervention for underlying condition is not indicated or refused",
    anchor: "coverage-cnmp-trial-3",
    fields: ["clinical.furtherTreatmentOfUnderlyingCondition"],
  },
  {
    id: "cnmp.trial.conservative-therapy",
    indication: "chronic_nonmalignant_pain",
    phases: BOTH,
    kind: "coverage",
    label:
      "Conservative pain management failed (intolerable side-effects or inadequate analgesia) over at least 6 months",
    quote:
      "Documentation of treatment failure due to intolerable side-effects or failure to provide analgesia safely after a minimum of a 6-month trial of conservative methods of pain management (e.g., pharmacological, physical therapy, behavioral health treatment)",
    anchor: "coverage-cnmp-trial-4",
    fields: ["clinical.conservativeTherapies", "request.requestDate"],
  },
  {
    id: "cnmp.trial.psychological",
    indication: "chronic_nonmalignant_pain",
    phases: BOTH,
    kind: "coverage",
    label: "No untreated psychological or psychosocial issues that will interfere with pain treatment",
    quote:
      "Documentation of the absence of underlying, untreated psychological or psychosocial issues that will interfere with successful pain treatment",
    anchor: "coverage-cnmp-trial-5",
    fields: ["clinical.psychologicalEvaluation"],
  },
  // --- Chronic non-malignant pain: coverage criteria of implantation. ---
  {
    id: "cnmp.implant.trial-completed",
    indication: "chronic_nonmalignant_pain",
    phases: IMPLANT,
    kind: "coverage",
    label: "The drug infusion trial was completed",
    quote: "Completion of drug infusion trial that met above criteria",
    anchor: "coverage-cnmp-implant-1",
    fields: ["clinical.trial.completed"],
  },
  {
    id: "cnmp.implant.pain-reduction",
    indication: "chronic_nonmalignant_pain",
    phases: IMPLANT,
    kind: "coverage",
    label: "Pain fell by at least 50% during the trial",
    quote: "Documentation of a ≥ 50% reduction in pain during trial",
    anchor: "coverage-cnmp-implant-2",
    fields: ["clinical.trial.baselinePainScore", "clinical.trial.postTrialPainScore", "clinical.trial.painScale"],
  },
  // --- Chronic non-malignant pain: documentation requirements. ---
  {
    id: "cnmp.doc.etiology",
    indication: "chronic_nonmalignant_pain",
    phases: BOTH,
    kind: "documentation",
    label: "Etiology of the pain",
    quote: "Etiology of pain",
    anchor: "documentation-cnmp-trial-1",
    fields: ["clinical.painEtiology"],
  },
  {
    id: "cnmp.doc.treatments-reasons",
    indication: "chronic_nonmalignant_pain",
    phases: BOTH,
    kind: "documentation",
    label: "Treatments tried, failed, contraindicated or refused, with dates and reasons",
    quote:
      "Treatments tried, failed, contraindicated, or refused; include the dates and reason for discontinuation, contraindication, or refusal",
    anchor: "documentation-cnmp-trial-2",
    fields: ["clinical.conservativeTherapies"],
  },
  {
    id: "cnmp.doc.additional-treatments",
    indication: "chronic_nonmalignant_pain",
    phases: BOTH,
    kind: "documentation",
    label: "Consideration given to additional treatments for the underlying condition",
    quote: "Documentation of consideration given to additional treatments for underlying conditions",
    anchor: "documentation-cnmp-trial-3",
    fields: ["clinical.additionalTreatmentsConsidered"],
  },
  {
    id: "cnmp.doc.psychiatric-history",
    indication: "chronic_nonmalignant_pain",
    phases: BOTH,
    kind: "documentation",
    label: "Psychiatric or psychosocial issues and history",
    quote: "Psychiatric or psychosocial issues/history",
    anchor: "documentation-cnmp-trial-4",
    fields: ["clinical.psychiatricHistory"],
  },
  {
    id: "cnmp.doc.pain-reduction",
    indication: "chronic_nonmalignant_pain",
    phases: IMPLANT,
    kind: "documentation",
    label: "Degree of pain reduction after the trial",
    quote: "For implantation, in addition to the above, also provide the degree of pain reduction after trial",
    anchor: "documentation-cnmp-implant",
    fields: ["clinical.trial.baselinePainScore", "clinical.trial.postTrialPainScore", "clinical.trial.painScale"],
  },
];

const KIND_ORDER = { scope: 0, coverage: 1, documentation: 2 } as const;

/**
 * The criteria that apply to a request for `indication` in `phase`, in evaluation order: scope,
 * then coverage criteria, then documentation requirements (catalogue order within each). For
 * indication "other" only the scope criteria apply (the policy does not address it).
 */
export function selectCriteria(catalogue: readonly Criterion[], indication: Indication, phase: Phase): Criterion[] {
  return catalogue
    .filter(
      (c) =>
        c.phases.includes(phase) &&
        (c.kind === "scope" ||
          (indication !== "other" && (c.indication === "all" || c.indication === (indication as CriterionIndication)))),
    )
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

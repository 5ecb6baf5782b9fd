// The request's sections and fields in the form's order, with the form's labels and value words:
// the provider's form and the reviewer's "The request" panel read the same way. No zod, no
// policy text: safe for client bundles.
import { capitalized, INDICATION_CHOICES, URGENCY_LABELS } from "@/lib/domain";
import {
  LINE_OF_BUSINESS_LABELS,
  PAIN_SCALE_LABELS,
  SPASTICITY_SCALE_LABELS,
  THERAPY_OUTCOME_LABELS,
} from "@/lib/policy/labels";

export const MODALITY_LABELS: Record<string, string> = {
  pharmacological: "Medication",
  physical_therapy: "Physical therapy",
  behavioral_health: "Behavioral health",
  interventional: "Interventional procedure",
  other: "Other",
};
export const FURTHER_LABELS: Record<string, string> = {
  not_indicated: "Not indicated",
  refused: "Refused by the patient",
  indicated: "Indicated (still possible)",
};
export const PHASE_CHOICES: Record<string, string> = {
  trial: "Trial (test injection or infusion)",
  implant: "Implantation of catheter and pump",
};

export interface FieldSpec {
  key: string;
  label: string;
  /** Words for coded values. */
  values?: Record<string, string>;
  /** A list of objects (e.g. therapies): each item's fields. */
  items?: { title: string; fields: FieldSpec[] };
}
export interface SectionSpec {
  /** Path of the section's object in the request ("member", "request", "clinical.painEtiology"…). */
  path: string;
  title: string;
  fields: FieldSpec[];
}

export const REQUEST_SECTIONS: SectionSpec[] = [
  {
    path: "member",
    title: "Member",
    fields: [
      { key: "dateOfBirth", label: "Date of birth" },
      { key: "lineOfBusiness", label: "Line of business", values: LINE_OF_BUSINESS_LABELS },
    ],
  },
  {
    path: "request",
    title: "Request",
    fields: [
      { key: "requestDate", label: "Request date" },
      { key: "serviceDate", label: "Planned service date" },
      { key: "urgency", label: "Urgency", values: URGENCY_LABELS },
      { key: "indication", label: "Indication", values: INDICATION_CHOICES },
      { key: "phase", label: "Phase", values: PHASE_CHOICES },
      { key: "cptCodes", label: "CPT codes" },
    ],
  },
  {
    path: "clinical.painEtiology",
    title: "Cause of the pain",
    fields: [
      { key: "known", label: "Is the cause (etiology) of the pain known and documented?" },
      { key: "description", label: "Diagnosis or cause" },
    ],
  },
  {
    path: "clinical",
    title: "Treatment of the underlying condition",
    fields: [
      {
        key: "furtherTreatmentOfUnderlyingCondition",
        label: "Is further surgical or other treatment of the underlying condition indicated?",
        values: FURTHER_LABELS,
      },
    ],
  },
  {
    path: "clinical",
    title: "Conservative therapies tried",
    fields: [
      {
        key: "conservativeTherapies",
        label: "Therapies",
        items: {
          title: "Therapy",
          fields: [
            { key: "modality", label: "Kind of therapy", values: MODALITY_LABELS },
            { key: "outcome", label: "Result", values: capitalized(THERAPY_OUTCOME_LABELS) },
            { key: "startDate", label: "Started" },
            { key: "endDate", label: "Ended" },
            { key: "reason", label: "Reason it was stopped, contraindicated or refused" },
          ],
        },
      },
    ],
  },
  {
    path: "clinical",
    title: "Other treatments considered",
    fields: [
      {
        key: "additionalTreatmentsConsidered",
        label: "Was consideration given to additional treatments for the underlying condition?",
      },
    ],
  },
  {
    path: "clinical.psychiatricHistory",
    title: "Psychiatric or psychosocial history",
    fields: [
      { key: "summary", label: "Summary of the history" },
      { key: "includesSubstanceUse", label: "Does it include substance use?" },
    ],
  },
  {
    path: "clinical.psychologicalEvaluation",
    title: "Psychological evaluation",
    fields: [
      { key: "date", label: "Date of the evaluation" },
      { key: "untreatedIssuesLikelyToInterfere", label: "Untreated psychological issues likely to interfere?" },
    ],
  },
  {
    path: "clinical.metastaticLesions",
    title: "Metastatic lesions",
    fields: [
      { key: "present", label: "Are metastatic lesions present?" },
      { key: "locations", label: "Locations" },
    ],
  },
  {
    path: "clinical",
    title: "Intracranial pressure",
    fields: [{ key: "increasedIntracranialPressure", label: "Is increased intracranial pressure present?" }],
  },
  {
    path: "clinical",
    title: "Life expectancy",
    fields: [{ key: "lifeExpectancyMonths", label: "Life expectancy in months" }],
  },
  {
    path: "clinical.spasticityAssessment",
    title: "Spasticity assessment",
    fields: [
      { key: "symptoms", label: "Symptoms" },
      { key: "location", label: "Location" },
      { key: "severity", label: "Severity" },
      { key: "adlImpairment", label: "Daily activities impaired" },
    ],
  },
  {
    path: "clinical.spasticityScale",
    title: "Spasticity scale",
    fields: [
      { key: "scale", label: "Scale", values: SPASTICITY_SCALE_LABELS },
      { key: "baselineScore", label: "Baseline score" },
      { key: "postTrialScore", label: "Score after the trial" },
    ],
  },
  {
    path: "clinical.trial",
    title: "Trial results",
    fields: [
      { key: "completed", label: "Was the trial completed?" },
      { key: "date", label: "Trial date" },
      { key: "route", label: "Route" },
      { key: "painScale", label: "Pain scale", values: PAIN_SCALE_LABELS },
      { key: "baselinePainScore", label: "Pain before the trial" },
      { key: "postTrialPainScore", label: "Pain during the trial" },
    ],
  },
];

export function valueAt(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of path.split("."))
    cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

/** A stored value in the form's words ("Yes", "Medication", "62324, 62326"). */
export function valueWords(value: unknown, words?: Record<string, string>): string {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.map((v) => valueWords(v, words)).join(", ");
  const s = String(value);
  return words?.[s] ?? s.replace(/_/g, " ");
}

// The kinds of record a provider attaches, as the policy's Documentation Requirements name what
// they document (documents.ts maps each documentation criterion to one). Constants only, so a
// form can offer them without loading the criteria catalogue.

export const DOCUMENT_KINDS = [
  "clinical_notes",
  "treatment_history",
  "psychological_evaluation",
  "trial_results",
  "spasticity_scale",
  "other",
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  clinical_notes: "Clinical notes (condition, history and examination)",
  treatment_history: "Treatment history (treatments tried, dates, reasons stopped)",
  psychological_evaluation: "Psychological or psychiatric evaluation",
  trial_results: "Trial results (pain reduction after the trial)",
  spasticity_scale: "Spasticity scale results (Modified Ashworth or Penn Spasm Frequency)",
  other: "Other",
};

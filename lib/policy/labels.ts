// Plain-language labels of the request's values (forms, tables, letters). No zod, no policy
// text: safe for any client bundle. evaluate.ts and the index re-export them.

import type { Indication, LineOfBusiness, PainScale, SpasticityScale, TherapyOutcome } from "./constants";

export const INDICATION_LABELS: Record<Indication, string> = {
  cancer_pain: "cancer-related pain",
  spasticity: "spasticity",
  chronic_nonmalignant_pain: "chronic non-malignant pain",
  other: "another indication",
};
export const LINE_OF_BUSINESS_LABELS: Record<LineOfBusiness, string> = {
  commercial: "Commercial",
  medicare_advantage: "Medicare Advantage",
  medicaid: "Medicaid",
};
export const THERAPY_OUTCOME_LABELS: Record<TherapyOutcome, string> = {
  intolerable_side_effects: "intolerable side-effects",
  inadequate_analgesia: "inadequate analgesia",
  contraindicated: "contraindicated",
  refused: "refused",
  effective: "effective",
  ongoing: "ongoing",
};
export const PAIN_SCALE_LABELS: Record<PainScale, string> = {
  nrs_0_10: "0–10 scale",
  vas_0_100: "0–100 visual analogue scale",
};
export const SPASTICITY_SCALE_LABELS: Record<SpasticityScale, string> = {
  modified_ashworth: "Modified Ashworth Scale",
  penn_spasm_frequency: "Penn Spasm Frequency Scale",
};

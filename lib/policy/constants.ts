// The request contract's value lists and codes, without zod: forms, labels and the engine import
// these without pulling the schema library into a browser bundle. schema.ts re-exports them.

export const LINES_OF_BUSINESS = ["commercial", "medicare_advantage", "medicaid"] as const;
export const URGENCIES = ["standard", "expedited"] as const;
export const PHASES = ["trial", "implant"] as const;
export const INDICATIONS = ["cancer_pain", "spasticity", "chronic_nonmalignant_pain", "other"] as const;
export const FURTHER_TREATMENT_OPTIONS = ["not_indicated", "refused", "indicated"] as const;
export const THERAPY_MODALITIES = [
  "pharmacological",
  "physical_therapy",
  "behavioral_health",
  "interventional",
  "other",
] as const;
export const THERAPY_OUTCOMES = [
  "intolerable_side_effects",
  "inadequate_analgesia",
  "contraindicated",
  "refused",
  "effective",
  "ongoing",
] as const;
export const SPASTICITY_SCALES = ["modified_ashworth", "penn_spasm_frequency"] as const;
export const TRIAL_ROUTES = ["intrathecal", "epidural"] as const;
export const PAIN_SCALES = ["nrs_0_10", "vas_0_100"] as const;

export type LineOfBusiness = (typeof LINES_OF_BUSINESS)[number];
export type Urgency = (typeof URGENCIES)[number];
export type Phase = (typeof PHASES)[number];
export type Indication = (typeof INDICATIONS)[number];
export type FurtherTreatment = (typeof FURTHER_TREATMENT_OPTIONS)[number];
export type TherapyModality = (typeof THERAPY_MODALITIES)[number];
export type TherapyOutcome = (typeof THERAPY_OUTCOMES)[number];
export type SpasticityScale = (typeof SPASTICITY_SCALES)[number];
export type TrialRoute = (typeof TRIAL_ROUTES)[number];
export type PainScale = (typeof PAIN_SCALES)[number];

/** Trial injection and infusion codes: only with phase "trial". */
export const TRIAL_CODES = ["62320", "62321", "62322", "62323", "62324", "62325", "62326", "62327"] as const;
/** Implantation codes: only with phase "implant". */
export const IMPLANT_CODES = ["62350", "62351", "62360", "62361", "62362"] as const;
export const MAX_CPT_CODES = 12;
/** Longest free-text answer, and most entries of any list: every channel (form, API, FHIR) refuses more. */
export const MAX_TEXT_LENGTH = 10_000;
export const MAX_LIST_LENGTH = 50;

/** Highest score of each pain scale; the lowest is 0. */
export const PAIN_SCALE_MAX: Record<PainScale, number> = { nrs_0_10: 10, vas_0_100: 100 };
export const DEFAULT_PAIN_SCALE: PainScale = "nrs_0_10";

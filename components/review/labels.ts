// Plain words for the reviewer pages (safe for client components: no policy text).
export const URGENCY_LABELS = { standard: "Standard", expedited: "Expedited" } as const;
export const PHASE_LABELS = { trial: "Trial", implant: "Implant" } as const;
export const OUTCOME_LABELS: Record<string, string> = {
  meets_criteria: "Meets criteria",
  does_not_meet_criteria: "Does not meet criteria",
  insufficient_documentation: "Insufficient documentation",
  requires_clinical_review: "Requires clinical review",
  not_addressed_by_policy: "Not addressed by policy",
};
export const ENGINE_STATUS_LABELS: Record<string, string> = {
  met: "Met",
  not_met: "Not met",
  missing_documentation: "Not documented",
  needs_clinical_review: "Needs clinical review",
  not_applicable: "Not applicable",
};
export { formatPlanDateTime as formatWhen, INDICATION_WORDS } from "@/lib/domain";

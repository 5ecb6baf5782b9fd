// A reviewer's finding statuses, shared by the server's schema (lib/validation/review.ts) and the
// workspace in the browser. No zod here, so the workspace does not ship it.

export const FINDING_STATUS_VALUES = ["met", "not_met", "not_documented", "not_applicable"] as const;
export type FindingStatus = (typeof FINDING_STATUS_VALUES)[number];

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  met: "Met",
  not_met: "Not met",
  not_documented: "Not documented",
  not_applicable: "Not applicable",
};

/** The reviewer's starting status for an engine status (undefined: the reviewer decides). */
export function engineDefaultStatus(engineStatus: string): FindingStatus | undefined {
  switch (engineStatus) {
    case "met":
      return "met";
    case "not_met":
      return "not_met";
    case "missing_documentation":
      return "not_documented";
    case "not_applicable":
      return "not_applicable";
    default:
      return undefined; // needs clinical review: the reviewer decides
  }
}

// The finding statuses the workspace offers, without zod: lib/validation/review.ts (the server's
// schema, which owns these values) builds zod schemas at import, so importing it from this client
// component would ship zod to the reviewer's browser. finding-status.test.ts proves the two agree.

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

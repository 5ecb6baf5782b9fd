// The plan's time zone: every time a person reads in the portal (pages, conflict messages,
// letters) is in it. Safe for client components.
export const PLAN_TIME_ZONE = "America/New_York";

/** "Nov 30, 2026, 9:15 AM ET" */
export function formatPlanDateTime(d: Date | string | null | undefined): string {
  return d ? new Date(d).toLocaleString("en-US", { timeZone: PLAN_TIME_ZONE, dateStyle: "medium", timeStyle: "short" }) + " ET" : "";
}

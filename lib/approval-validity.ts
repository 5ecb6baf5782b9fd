// How long an approved prior authorization stays usable. PHARMACY 339.7 states no validity period
// (its text sets none, and the approval letter says only "from <decision date>, for the planned
// service date"), so the portal sets one: an approval is valid from its decision through
// APPROVAL_VALID_DAYS days after the later of the decision date and the request's planned
// service date (days on the plan's clock). CRD's `expiry-date`, the satisfied-pa-id lookup and the
// approval letter use it. Pure.

import { todayInPlanZone } from "./domain";

export const APPROVAL_VALID_DAYS = 180;

const DAY_MS = 24 * 60 * 60 * 1000;
const isDay = (v: unknown): v is string => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The last day (YYYY-MM-DD) an approval decided at `decidedAt` for `serviceDate` is valid. */
export function approvalExpiryDate(decidedAt: Date, serviceDate?: string | null): string {
  const decided = todayInPlanZone(decidedAt);
  const start = isDay(serviceDate) && serviceDate > decided ? serviceDate : decided;
  return new Date(Date.parse(`${start}T00:00:00Z`) + APPROVAL_VALID_DAYS * DAY_MS).toISOString().slice(0, 10);
}

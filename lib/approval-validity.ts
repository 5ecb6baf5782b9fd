// How long an approved prior authorization stays usable. PHARMACY 339.7 states no validity period
// (its text sets none, and the approval letter says only "from <decision date>, for the planned
// service date"), so the portal sets one: an approval is valid from its decision through
// APPROVAL_VALID_DAYS days after the later of the decision date and the request's planned
// service date. CRD's `expiry-date` and the satisfied-pa-id lookup use it. Pure.

export const APPROVAL_VALID_DAYS = 180;

const DAY_MS = 24 * 60 * 60 * 1000;
const isDay = (v: unknown): v is string => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The last day (YYYY-MM-DD, UTC) an approval decided at `decidedAt` for `serviceDate` is valid. */
export function approvalExpiryDate(decidedAt: Date, serviceDate?: string | null): string {
  const decided = decidedAt.toISOString().slice(0, 10);
  const start = isDay(serviceDate) && serviceDate > decided ? serviceDate : decided;
  return new Date(Date.parse(`${start}T00:00:00Z`) + APPROVAL_VALID_DAYS * DAY_MS).toISOString().slice(0, 10);
}

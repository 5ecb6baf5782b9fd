import { z } from "./zod";
import { INDICATIONS, PHASES, URGENCIES } from "@/lib/policy/constants";
import { OUTCOMES } from "@/lib/policy/types";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date (YYYY-MM-DD)");
const flag = z.enum(["1"], { error: 'must be "1" or absent' }).optional();
/** One of a fixed list, with a plain message (the page shows it). */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: "is not one of the listed choices" });
const DECISION_STATUSES = [
  "approved",
  "denied",
  "appeal_submitted",
  "appeal_in_review",
  "appeal_upheld",
  "appeal_overturned",
  "withdrawn",
  "open",
] as const;

/**
 * The history filters: one schema for the page's query string, the CSV export and the bench.
 * Every key is optional; the URL carries them, so a filtered view can be shared.
 */
export const historyFilterSchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    outcome: oneOf(DECISION_STATUSES).optional(),
    engine: oneOf(OUTCOMES).optional(),
    indication: oneOf(INDICATIONS).optional(),
    phase: oneOf(PHASES).optional(),
    urgency: oneOf(URGENCIES).optional(),
    org: z.uuid("must be an organization from the list").optional(),
    reviewer: z.uuid("must be a reviewer from the list").optional(),
    criterion: z
      .string()
      .regex(/^[a-z0-9.-]{1,80}$/, "must be a criterion id")
      .optional(),
    overturned: flag,
    late: flag,
    disagreed: flag,
    /** Keyset cursor: `<decided ISO time>_<case id>`, or `open_<case id>` among undecided cases. */
    after: z
      .string()
      .regex(/^(open|\d{4}-\d{2}-\d{2}T[\d:.]+Z)_[0-9a-f-]{36}$/, "is not a page cursor")
      .optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "must not be before the start date", path: ["to"] });
export type HistoryFilter = z.infer<typeof historyFilterSchema>;

export const HISTORY_OUTCOME_LABELS: Record<(typeof DECISION_STATUSES)[number], string> = {
  approved: "Approved",
  denied: "Denied",
  appeal_submitted: "Denied, appeal filed",
  appeal_in_review: "Denied, appeal in review",
  appeal_upheld: "Denied, upheld on appeal",
  appeal_overturned: "Overturned on appeal",
  withdrawn: "Withdrawn",
  open: "Not decided yet",
};

/** Query-string values as the page receives them (repeated keys keep the first), blanks dropped. */
export function historyParams(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== "") out[k] = value;
  }
  return out;
}

import { z } from "./zod";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date (YYYY-MM-DD)");

/** The report's period: whole days in the plan's time zone, by submission date. */
export const reportPeriodSchema = z
  .object({ from: day, to: day })
  .refine((p) => p.from <= p.to, { message: "must not be before the start date", path: ["to"] });
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

/** The last 30 days up to today (UTC date), when no period is chosen. */
export function defaultPeriod(now = new Date()): ReportPeriod {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

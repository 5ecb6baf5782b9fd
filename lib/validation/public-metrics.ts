import { z } from "zod";

export const DEFAULT_METRICS_MINIMUM_GROUP_SIZE = 11;
export const REASON_MIN = 10;
export const REASON_MAX = 500;

/** An empty form field is missing, not 0. */
const blankIsMissing = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The calendar years that may be published on `now`: completed ones only (the plan's years start in 2000 at the earliest). */
export function latestPublishableYear(now = new Date()): number {
  return now.getUTCFullYear() - 1;
}

/**
 * Publishing a year's metrics: a completed calendar year, the latest version the person saw (0:
 * none; a publication made meanwhile is a conflict), and from the second version on the reason
 * (10 to 500 characters; the public page shows it).
 */
export function publishMetricsInput(now = new Date()) {
  const last = latestPublishableYear(now);
  return z.object({
    year: z.preprocess(
      blankIsMissing,
      z.coerce
        .number({ error: "choose a calendar year" })
        .int("choose a calendar year")
        .min(2000, "choose a year from 2000 on")
        .max(last, `only completed years can be published (${last} or earlier)`),
    ),
    expectedVersion: z.preprocess(
      blankIsMissing,
      z.coerce.number({ error: "reload the page and try again" }).int("reload the page and try again").min(0),
    ),
    reason: z.preprocess(
      (v) => (typeof v === "string" ? v.trim() || undefined : v),
      z
        .string()
        .min(REASON_MIN, `write at least ${REASON_MIN} characters`)
        .max(REASON_MAX, `write at most ${REASON_MAX} characters`)
        .optional(),
    ),
  });
}
export type PublishMetricsInput = z.infer<ReturnType<typeof publishMetricsInput>>;

/** The administrator's minimum group size for the public metrics: a whole number from 1 to 1000. */
export const metricsSettingsInput = z.object({
  minimumGroupSize: z.preprocess(
    blankIsMissing,
    z.coerce
      .number({ error: "enter a whole number from 1 to 1000" })
      .int("enter a whole number from 1 to 1000")
      .min(1, "enter a whole number from 1 to 1000")
      .max(1000, "enter a whole number from 1 to 1000"),
  ),
});

/** A public download's or page's year and version (?version=N): plain numbers only. */
export const publicYearParam = z.coerce.number().int().min(2000).max(9999);
export const publicVersionParam = z.coerce.number().int().min(1).max(100000).optional();

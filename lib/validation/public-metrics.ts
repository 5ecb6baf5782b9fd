import { z } from "./zod";
import { PLAN_TIME_ZONE } from "@/lib/domain";

export const DEFAULT_METRICS_MINIMUM_GROUP_SIZE = 11;
export const REASON_MIN = 10;
export const REASON_MAX = 500;

/** An empty form field is missing, not 0. */
const blankIsMissing = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * The latest calendar year that may be published on `now`: the one before the current year in
 * the plan's time zone (the cohort's whole days are the plan's, so a year ends at its midnight).
 */
export function latestPublishableYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat("en-US", { timeZone: PLAN_TIME_ZONE, year: "numeric" }).format(now)) - 1;
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
        .number({ error: "Choose a calendar year." })
        .int("Choose a calendar year.")
        .min(2000, "Choose a year from 2000 on.")
        .max(last, `Only completed years can be published: ${last} or earlier.`),
    ),
    expectedVersion: z.preprocess(
      blankIsMissing,
      z.coerce
        .number({ error: "The page is out of date: reload it and try again." })
        .int("The page is out of date: reload it and try again.")
        .min(0, "The page is out of date: reload it and try again."),
    ),
    reason: z.preprocess(
      (v) => (typeof v === "string" ? v.trim() || undefined : v),
      z
        .string()
        .min(REASON_MIN, `Write a reason of at least ${REASON_MIN} characters.`)
        .max(REASON_MAX, `Write the reason in at most ${REASON_MAX} characters.`)
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
      .number({ error: "Enter the minimum group size as a whole number from 1 to 1000." })
      .int("Enter the minimum group size as a whole number from 1 to 1000.")
      .min(1, "Enter the minimum group size as a whole number from 1 to 1000.")
      .max(1000, "Enter the minimum group size as a whole number from 1 to 1000."),
  ),
});

/** A public download's or page's year and version (?version=N): plain numbers only. */
export const publicYearParam = z.coerce.number().int().min(2000).max(9999);
export const publicVersionParam = z.coerce.number().int().min(1).max(100000).optional();

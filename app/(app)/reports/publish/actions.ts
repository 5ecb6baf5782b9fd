"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import { publishMetrics, setMetricsSettings } from "@/lib/server/reports/public-metrics";
import { serviceContext } from "@/lib/server/viewer";

const field = (fd: FormData, name: string) => {
  const v = fd.get(name);
  return typeof v === "string" ? v : undefined;
};

/** Publishes a year's metrics (the service checks the role, validates and audits). */
export const publishMetricsAction = action(async (fd: FormData) => {
  const published = await publishMetrics(await serviceContext(), {
    year: field(fd, "year"),
    expectedVersion: field(fd, "expectedVersion"),
    reason: field(fd, "reason"),
  });
  revalidatePath("/reports/publish");
  revalidatePath("/prior-authorization-metrics");
  return { year: published.year, version: published.version };
});

/** The administrator's minimum group size for the public metrics. */
export const setMetricsSettingsAction = action(async (fd: FormData) => {
  await setMetricsSettings(await serviceContext(), { minimumGroupSize: field(fd, "minimumGroupSize") });
  revalidatePath("/reports/publish");
  return null;
});

import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { UrgencyFigures } from "@/components/reports/public-urgency-figures";
import { can } from "@/lib/auth/permissions";
import { formatPlanDate } from "@/lib/domain";
import { getMetricsSettings, previewPublication } from "@/lib/server/reports/public-metrics";
import { requirePageAccess } from "@/lib/server/viewer";
import { latestPublishableYear, publicYearParam, REASON_MAX, REASON_MIN } from "@/lib/validation/public-metrics";
import { publishMetricsAction, setMetricsSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Publish metrics" };

/** Auditors and administrators: publish a completed year's metrics on the public page (and set the minimum group size: administrators). */
export default async function PublishMetricsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePageAccess("metrics.publish", { type: "published_metrics" });
  const last = latestPublishableYear();
  const years = Array.from({ length: 10 }, (_, i) => last - i);
  const raw = (await searchParams).year;
  const parsed = publicYearParam.safeParse(Array.isArray(raw) ? raw[0] : (raw ?? last));
  const year = parsed.success && years.includes(parsed.data) ? parsed.data : null;
  const [settings, preview] = await Promise.all([
    getMetricsSettings(ctx.db),
    year === null ? null : previewPublication(ctx, year),
  ]);
  const mayChangeSettings = can(ctx.viewer.role, "metrics.settings");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Publish the yearly metrics</h1>
      <p className="max-w-3xl text-slate-700">
        The plan publishes its prior-authorization metrics for each calendar year by 31 March of the next (CMS-0057-F)
        on the{" "}
        <Link href="/prior-authorization-metrics" className="text-blue-800 underline">
          public metrics page
        </Link>
        , where anyone can read them without signing in. Publishing stores the figures as they are now; a published year
        changes only by a new version, with the reason shown beside it. Only completed years can be published.
      </p>

      <section aria-labelledby="group-size-heading" className="max-w-3xl space-y-2 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="group-size-heading" className="text-lg font-semibold">
          Minimum group size
        </h2>
        <p className="text-sm text-slate-700" data-testid="minimum-group-size">
          A group with fewer than <strong>{settings.minimumGroupSize}</strong> decided requests (standard or expedited) is
          not shown: its counts, percentages and times are all published as &quot;Not shown: fewer than{" "}
          {settings.minimumGroupSize} requests&quot;. {mayChangeSettings ? "" : "An administrator sets this number."}
        </p>
        {mayChangeSettings ? (
          <ActionForm
            action={setMetricsSettingsAction}
            submitLabel="Save minimum group size"
            success="Saved. The next publication uses it; published versions keep theirs."
            ariaLabel="Minimum group size"
          >
            <div key={`size-${settings.minimumGroupSize}`} className="space-y-1">
              <label htmlFor="minimum-group-size" className="block text-sm font-medium">
                Smallest group shown (decided requests, 1 to 1000)
              </label>
              <input
                id="minimum-group-size"
                name="minimumGroupSize"
                type="number"
                min={1}
                max={1000}
                step={1}
                required
                defaultValue={settings.minimumGroupSize}
                className="w-28 rounded border border-slate-400 px-2 py-1"
              />
            </div>
          </ActionForm>
        ) : null}
      </section>

      <section aria-labelledby="publish-heading" className="max-w-4xl space-y-4 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="publish-heading" className="text-lg font-semibold">
          Publish a year
        </h2>
        <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Choose the year">
          <div>
            <label htmlFor="publish-year" className="block text-sm font-medium">
              Calendar year
            </label>
            <select id="publish-year" name="year" defaultValue={year ?? last} className="mt-1 rounded border border-slate-400 px-2 py-1">
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="rounded bg-slate-800 px-3 py-1 text-white">
            Show
          </button>
        </form>
        {year === null || !preview ? (
          <p role="alert" className="text-red-800">
            Choose a completed calendar year from the list ({years.at(-1)} to {last}).
          </p>
        ) : (
          <>
            <p data-testid="publication-state">
              {preview.published ? (
                <>
                  {year} is published: version {preview.latestVersion}, {formatPlanDate(new Date(preview.published.shown.publishedAt))} (
                  <Link href={`/prior-authorization-metrics?year=${year}`} className="text-blue-800 underline">
                    see it
                  </Link>
                  ).
                </>
              ) : (
                <>{year} is not published yet.</>
              )}
            </p>
            <h3 className="font-semibold">What would be published now</h3>
            <div className="grid gap-4 md:grid-cols-2">
              <UrgencyFigures title="Standard requests" u={preview.figures.standard} year={year} />
              <UrgencyFigures title="Expedited requests" u={preview.figures.expedited} year={year} />
            </div>
            {preview.sameAsLatest ? (
              <p className="text-sm text-slate-700" data-testid="same-as-latest">
                These figures are the same as version {preview.latestVersion}: there is nothing new to publish.
              </p>
            ) : null}
            <ActionForm
              action={publishMetricsAction}
              submitLabel={preview.latestVersion ? `Publish ${year} again (version ${preview.latestVersion + 1})` : `Publish ${year}`}
              success="Published. The public page shows it now."
              confirm={`Publish the ${year} figures for everyone to see?`}
              ariaLabel={`Publish ${year}`}
              className="space-y-3"
            >
              <div key={`publish-${year}-${preview.latestVersion}`} className="space-y-1">
                <input type="hidden" name="year" value={year} />
                <input type="hidden" name="expectedVersion" value={preview.latestVersion} />
                {preview.latestVersion ? (
                  <>
                    <label htmlFor="publish-reason" className="block text-sm font-medium">
                      Why publish {year} again? (required, {REASON_MIN} to {REASON_MAX} characters; the public page shows it)
                    </label>
                    <textarea
                      id="publish-reason"
                      name="reason"
                      required
                      minLength={REASON_MIN}
                      maxLength={REASON_MAX}
                      rows={3}
                      aria-describedby="publish-reason-hint"
                      className="w-full max-w-xl rounded border border-slate-400 px-2 py-1"
                    />
                    <p id="publish-reason-hint" className="text-xs text-slate-700">
                      Anyone can read it: write no patient, practice or reviewer detail.
                    </p>
                  </>
                ) : null}
              </div>
            </ActionForm>
          </>
        )}
      </section>
    </div>
  );
}

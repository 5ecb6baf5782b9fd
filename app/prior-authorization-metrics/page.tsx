import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { requestMetaFrom } from "@/lib/client-address";
import { formatPlanDate } from "@/lib/domain";
import { getDb } from "@/lib/server/db";
import { getPublishedYear, listPublishedYears, publicMetricsRateLimiter } from "@/lib/server/reports/public-metrics";
import { UrgencyFigures } from "@/components/reports/public-urgency-figures";
import { publicVersionParam, publicYearParam } from "@/lib/validation/public-metrics";

export const metadata: Metadata = { title: "Prior-authorization metrics" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The plan's yearly prior-authorization metrics (CMS-0057-F), for everyone: no sign-in, the
 * published figures only (aggregates, never a case or a person).
 */
export default async function PublicMetricsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const meta = requestMetaFrom(await headers());
  if (!(await publicMetricsRateLimiter().take(`ip:${meta.ip ?? "unknown"}`)))
    return (
      <main id="main" className="mx-auto mt-16 max-w-xl px-4">
        <h1 className="text-2xl font-semibold">Prior-authorization metrics</h1>
        <p className="mt-2">Too many requests from your address. Wait a minute and reload the page.</p>
      </main>
    );
  const params = await searchParams;
  const db = await getDb();
  const years = await listPublishedYears(db);
  const rawYear = one(params.year);
  const rawVersion = one(params.version);
  let year: number | undefined;
  if (rawYear !== undefined) {
    const parsed = publicYearParam.safeParse(rawYear);
    if (!parsed.success) notFound();
    year = parsed.data;
  } else year = years[0]?.year;
  const version = publicVersionParam.safeParse(rawVersion);
  if (!version.success) notFound();
  const published = year === undefined ? null : await getPublishedYear(db, year, version.data);
  if (year !== undefined && !published) notFound();

  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-10">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Prior-authorization metrics</h1>
        <p className="text-slate-700">
          Each year, by 31 March, the plan publishes how it decided prior-authorization requests in the previous
          calendar year for the services of its policy PHARMACY 339.7 (implanted spinal drug delivery systems): standard
          and expedited requests apart, as the CMS Interoperability and Prior Authorization rule (CMS-0057-F) asks. Only
          totals are published: nothing about any patient, practice or reviewer.
        </p>
      </header>
      {years.length === 0 ? (
        <p data-testid="nothing-published">Nothing has been published yet.</p>
      ) : (
        <nav aria-label="Published years">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-700">Published years</h2>
          <ul className="mt-1 flex flex-wrap gap-2">
            {years.map((y) => (
              <li key={y.year}>
                <Link
                  href={`/prior-authorization-metrics?year=${y.year}`}
                  aria-current={y.year === year ? "page" : undefined}
                  className={`inline-block rounded border px-3 py-1 ${y.year === year ? "border-slate-800 bg-slate-800 text-white" : "border-slate-400 text-blue-800 underline"}`}
                >
                  {y.year}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {published ? <PublishedYearView published={published} /> : null}
      <p className="text-sm">
        <Link href="/login" className="text-blue-800 underline">
          Sign in to the prior-authorization portal
        </Link>
      </p>
    </main>
  );
}

function PublishedYearView({ published }: { published: NonNullable<Awaited<ReturnType<typeof getPublishedYear>>> }) {
  const { shown, versions } = published;
  const f = shown.figures;
  const latest = versions[0]!;
  const q = shown.version === latest.version ? "" : `?version=${shown.version}`;
  const automated = [f.standard, f.expedited].filter((u) => !u.suppressed);
  const automatedTotal = automated.reduce((n, u) => n + (u.automatedApprovals ?? 0), 0);
  return (
    <article aria-labelledby="year-heading" className="space-y-6">
      <div className="space-y-1">
        <h2 id="year-heading" className="text-xl font-semibold">
          {f.year}: requests submitted 1 January to 31 December {f.year}
        </h2>
        <p className="text-sm text-slate-700" data-testid="version-line">
          Version {shown.version}, published {formatPlanDate(new Date(shown.publishedAt))}
          {shown.version === latest.version ? "" : ` (an earlier version; the latest is version ${latest.version})`}.
          {shown.reason ? ` Why this version: ${shown.reason}` : ""}
        </p>
        <p className="flex flex-wrap gap-3 text-sm">
          <a href={`/prior-authorization-metrics/${f.year}.csv${q}`} className="text-blue-800 underline" download>
            Download CSV
          </a>
          <a href={`/prior-authorization-metrics/${f.year}.json${q}`} className="text-blue-800 underline" download>
            Download JSON
          </a>
        </p>
      </div>

      <section aria-labelledby="services-heading" className="space-y-2">
        <h2 id="services-heading" className="text-lg font-semibold">
          Services that need prior authorization
        </h2>
        <p className="text-sm text-slate-700">
          Under {f.policy} &quot;{f.policyTitle}&quot;, with the procedure codes the policy names.
        </p>
        <ul className="space-y-3">
          {f.services.map((s) => (
            <li key={s.phase} className="rounded-lg border border-slate-300 bg-white p-3">
              <p className="font-medium">{s.service}</p>
              <details className="mt-1 text-sm">
                <summary className="cursor-pointer text-blue-800">
                  CPT codes {s.codes.map((c) => c.code).join(", ")}
                </summary>
                <dl className="mt-2 space-y-1">
                  {s.codes.map((c) => (
                    <div key={c.code}>
                      <dt className="inline font-mono">{c.code}</dt>{" "}
                      <dd className="inline text-slate-700">{c.description}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="figures-heading" className="space-y-3">
        <h2 id="figures-heading" className="text-lg font-semibold">
          Decisions in {f.year}
        </h2>
        <div className="grid gap-4 md:grid-cols-2">
          <UrgencyFigures title="Standard requests" u={f.standard} year={f.year} />
          <UrgencyFigures title="Expedited requests" u={f.expedited} year={f.year} />
        </div>
        <div className="space-y-2 text-sm text-slate-800" data-testid="how-counted">
          <p>
            Percentages are of the requests decided. Time is measured from the moment a request was received to its
            decision (average and median, in hours). A group with fewer than {f.minimumGroupSize} decided requests is
            not shown.
          </p>
          <p>
            Automated decisions: approvals issued by the plan&apos;s policy engine when a complete request meets every
            criterion count as approvals and are included in every figure above
            {automated.length
              ? `: ${automatedTotal} ${automatedTotal === 1 ? "approval" : "approvals"} (${automated.map((u) => `${u.automatedApprovals} ${u.urgency}`).join(", ")})`
              : ""}
            . Nothing is denied automatically: every denial is made by a physician.
          </p>
          <p>The plan does not extend decision time frames, so no request was approved after an extension.</p>
        </div>
      </section>

      {versions.length > 1 ? (
        <section aria-labelledby="versions-heading" className="space-y-2">
          <h2 id="versions-heading" className="text-lg font-semibold">
            Versions of {f.year}
          </h2>
          <ul className="space-y-2 text-sm" data-testid="versions">
            {versions.map((v) => (
              <li key={v.version}>
                {v.version === shown.version ? (
                  <span className="font-medium">Version {v.version} (shown)</span>
                ) : (
                  <Link
                    href={`/prior-authorization-metrics?year=${v.year}${v.version === latest.version ? "" : `&version=${v.version}`}`}
                    className="text-blue-800 underline"
                  >
                    Version {v.version}
                  </Link>
                )}
                , published {formatPlanDate(new Date(v.publishedAt))}
                {v.reason ? `: ${v.reason}` : " (first publication)"}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

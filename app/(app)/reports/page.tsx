import type { Metadata } from "next";
import Link from "next/link";
import { BarChart } from "@/components/reports/bar-chart";
import { MeasureTable } from "@/components/reports/measure-table";
import { DataTable, Td } from "@/components/ui/data-table";
import { getMetrics, metricsView, type Metrics } from "@/lib/server/reports/metrics";
import { ValidationError } from "@/lib/server/errors";
import { requirePageAccess } from "@/lib/server/viewer";
import { INDICATION_HEADINGS, PHASE_LABELS } from "@/lib/domain";
import { historyParams } from "@/lib/validation/history";
import { defaultPeriod } from "@/lib/validation/reports";

export const metadata: Metadata = { title: "Metrics" };

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
const hours = (v: number | null) => (v === null ? "—" : `${v.toFixed(1)} h`);
const kappa = (v: number | null) => (v === null ? "n/a" : v.toFixed(2));
const round = (v: number | null, d = 1) => (v === null ? null : Number(v.toFixed(d)));

function Figure({ title, children, table }: { title: string; children: React.ReactNode; table: React.ReactNode }) {
  return (
    <section className="rounded border border-slate-300 bg-white p-3" aria-labelledby={`h-${title.replace(/\W+/g, "-")}`}>
      <h2 id={`h-${title.replace(/\W+/g, "-")}`} className="mb-2 text-lg font-semibold">
        {title}
      </h2>
      <div className="grid gap-4 lg:grid-cols-2">
        <div>{children}</div>
        <div>{table}</div>
      </div>
    </section>
  );
}

function Report({ m }: { m: Metrics }) {
  const { urgencies, findingsTotals, kappaCriteria, reviewers, decidedInRealTime } = metricsView(m);
  const names = ["Standard", "Expedited"];
  const q = m.qualityReview;
  const realTimeLabels = m.realTime.map((r) => `${PHASE_LABELS[r.phase]}, ${INDICATION_HEADINGS[r.indication].toLowerCase()}`);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700" data-testid="automated-in-cms">
        The CMS figures below (requests, outcomes, time to decision) include the decisions the policy engine made automatically on submission: {decidedInRealTime}{" "}
        {decidedInRealTime === 1 ? "decision" : "decisions"} in this period ({urgencies[0].decidedInRealTime} standard, {urgencies[1].decidedInRealTime} expedited).
      </p>
      <Figure
        title="Requests and outcomes"
        table={
          <MeasureTable
            caption="Requests and outcomes by urgency"
            urgencies={urgencies}
            measures={[
              ["Requests received", (u) => u.received],
              ["Decided", (u) => u.decided],
              ["Decided in real time (automated approvals)", (u) => `${u.decidedInRealTime} (${pct(u.realTimeShare)})`],
              ["Withdrawn", (u) => u.withdrawn],
              ["Approved", (u) => pct(u.approvedShare)],
              ["Denied", (u) => pct(u.deniedShare)],
              ["Approved after appeal", (u) => pct(u.approvedAfterAppealShare)],
              ["Approved after a time-frame extension", (u) => `${pct(u.extendedShare)} (the portal has no extensions)`],
            ]}
          />
        }
      >
        <BarChart
          title="Outcome shares of decided requests, percent, by urgency"
          labels={names}
          max={100}
          stacked
          series={[
            { label: "Approved", values: urgencies.map((u) => round(u.approvedShare === null ? null : u.approvedShare * 100)) },
            { label: "Denied", values: urgencies.map((u) => round(u.deniedShare === null ? null : u.deniedShare * 100)) },
            { label: "Approved after appeal", values: urgencies.map((u) => round(u.approvedAfterAppealShare === null ? null : u.approvedAfterAppealShare * 100)) },
          ]}
        />
      </Figure>
      <Figure
        title="Decided in real time (automated approvals)"
        table={
          <DataTable caption="Decided requests and automated approvals by phase and indication, both urgencies" headers={["Phase", "Indication", "Decided", "Automated", "Share"]}>
            {m.realTime.map((r) => (
              <tr key={`${r.phase}-${r.indication}`}>
                <Td>{PHASE_LABELS[r.phase]}</Td>
                <Td>{INDICATION_HEADINGS[r.indication]}</Td>
                <Td>{r.decided}</Td>
                <Td>{r.automated}</Td>
                <Td>{pct(r.share)}</Td>
              </tr>
            ))}
          </DataTable>
        }
      >
        <BarChart
          title="Share of decided requests approved automatically, percent, by phase and indication"
          labels={realTimeLabels}
          max={100}
          series={[{ label: "Approved automatically", values: m.realTime.map((r) => round(r.share * 100)) }]}
        />
        {m.realTime.length === 0 ? <p className="text-sm text-slate-700">No request submitted in the period has been decided.</p> : null}
      </Figure>
      <Figure
        title="Time to decision and pends"
        table={
          <MeasureTable
            caption="Time to decision and pends by urgency"
            urgencies={urgencies}
            measures={[
              ["Average, submission to decision", (u) => hours(u.averageHoursToDecision)],
              ["Median, submission to decision", (u) => hours(u.medianHoursToDecision)],
              ["Decisions after the due time", (u) => u.decidedAfterDue],
              ["Information requests (pends)", (u) => u.pends],
              ["Average time to an answer", (u) => hours(u.averagePendHours)],
            ]}
          />
        }
      >
        <BarChart
          title="Hours from submission to decision, by urgency"
          labels={names}
          series={[
            { label: "Average hours", values: urgencies.map((u) => round(u.averageHoursToDecision)) },
            { label: "Median hours", values: urgencies.map((u) => round(u.medianHoursToDecision)) },
          ]}
        />
      </Figure>
      <Figure
        title="Findings by criterion (initial decisions)"
        table={
          <DataTable caption="Reviewer findings by criterion and urgency" headers={["Criterion", "Urgency", "Met", "Not met", "Not documented"]}>
            {urgencies.flatMap((u, i) =>
              u.findingsByCriterion.map((f) => (
                <tr key={`${u.urgency}-${f.criterionId}`}>
                  <Td className="font-mono text-xs">{f.criterionId}</Td>
                  <Td>{names[i]}</Td>
                  <Td>{f.met}</Td>
                  <Td>{f.notMet}</Td>
                  <Td>{f.notDocumented}</Td>
                </tr>
              )),
            )}
          </DataTable>
        }
      >
        <BarChart
          title="Findings by criterion, both urgencies together"
          labels={findingsTotals.map((t) => t.criterionId)}
          stacked
          series={[
            { label: "Met", values: findingsTotals.map((t) => t.met) },
            { label: "Not met", values: findingsTotals.map((t) => t.notMet) },
            { label: "Not documented", values: findingsTotals.map((t) => t.notDocumented) },
          ]}
        />
      </Figure>
      <Figure
        title="Decisions by reviewer"
        table={
          <DataTable caption="Decisions by reviewer and urgency" headers={["Reviewer", "Standard", "Expedited"]}>
            {reviewers.map((r) => (
              <tr key={r}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {r}
                </th>
                {urgencies.map((u) => (
                  <Td key={u.urgency}>{u.decisionsByReviewer.find((x) => x.reviewer === r)?.decisions ?? 0}</Td>
                ))}
              </tr>
            ))}
          </DataTable>
        }
      >
        <BarChart title="Decisions by reviewer" labels={reviewers} series={urgencies.map((u, i) => ({ label: names[i]!, values: reviewers.map((r) => u.decisionsByReviewer.find((x) => x.reviewer === r)?.decisions ?? 0) }))} />
      </Figure>
      <Figure
        title="Agreement between the engine and the reviewers (Cohen's kappa)"
        table={
          <DataTable caption="Agreement and Cohen's kappa by urgency" headers={["Compared", "Urgency", "Pairs", "Agreement", "Kappa"]}>
            {urgencies.flatMap((u, i) => [
              <tr key={`${u.urgency}-decision`}>
                <Td>Engine outcome vs initial decision (by people)</Td>
                <Td>{names[i]}</Td>
                <Td>{u.engineAgreement.n}</Td>
                <Td>{pct(u.engineAgreement.agreement)}</Td>
                <Td>{kappa(u.engineAgreement.kappa)}</Td>
              </tr>,
              ...u.criterionKappa.map((k) => (
                <tr key={`${u.urgency}-${k.criterionId}`}>
                  <Td className="font-mono text-xs">{k.criterionId}</Td>
                  <Td>{names[i]}</Td>
                  <Td>{k.n}</Td>
                  <Td>{pct(k.agreement)}</Td>
                  <Td>{kappa(k.kappa)}</Td>
                </tr>
              )),
            ])}
          </DataTable>
        }
      >
        <BarChart
          title="Cohen's kappa per criterion, engine vs reviewer findings"
          labels={kappaCriteria}
          max={1}
          series={urgencies.map((u, i) => ({ label: names[i]!, values: kappaCriteria.map((c) => round(u.criterionKappa.find((k) => k.criterionId === c)?.kappa ?? null, 2)) }))}
        />
        <p className="mt-2 text-sm text-slate-700">
          Kappa is agreement corrected for chance: 1 is full agreement, 0 what chance alone gives; &quot;n/a&quot; where only one category occurs. The engine takes no side where it asks for
          clinical review.
        </p>
      </Figure>
      <Figure
        title="Quality review of automated approvals"
        table={
          <>
            <DataTable caption="Automated approvals drawn for quality review, reviewed, and agreement" headers={["Measure", "Both urgencies"]}>
              <tr>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  Drawn for quality review
                </th>
                <Td>{q.sampled}</Td>
              </tr>
              <tr>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  Reviewed
                </th>
                <Td>{q.reviewed}</Td>
              </tr>
              <tr>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  Reviewer agrees with every finding
                </th>
                <Td>
                  {q.agreed} ({pct(q.agreementRate)} of reviews)
                </Td>
              </tr>
            </DataTable>
            <div className="mt-3">
              <DataTable caption="Engine vs quality reviewer findings per criterion (Cohen's kappa; approvals on the criteria, gold-card approvals apart)" headers={["Criterion", "Pairs", "Agreement", "Kappa"]}>
                {q.criterionKappa.map((k) => (
                  <tr key={k.criterionId}>
                    <Td className="font-mono text-xs">{k.criterionId}</Td>
                    <Td>{k.n}</Td>
                    <Td>{pct(k.agreement)}</Td>
                    <Td>{kappa(k.kappa)}</Td>
                  </tr>
                ))}
              </DataTable>
            </div>
          </>
        }
      >
        <BarChart
          title="Agreement per criterion, engine vs quality reviewer, percent"
          labels={q.criterionKappa.map((k) => k.criterionId)}
          max={100}
          series={[{ label: "Agreement", values: q.criterionKappa.map((k) => round(k.agreement === null ? null : k.agreement * 100)) }]}
        />
        <p className="mt-2 text-sm text-slate-700">
          A nurse or physician reviews each drawn approval afterwards; the approval stands whatever they find. Where they mark nothing, their finding is the engine&apos;s. Kappa is
          &quot;n/a&quot; where only one finding occurs (every review agreeing on that criterion).
        </p>
      </Figure>
    </div>
  );
}

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageAccess("reports.read", { type: "reports" });
  const params = { ...defaultPeriod(), ...historyParams(await searchParams) };
  let metrics: Metrics | null = null;
  let problems: { path: string; message: string }[] = [];
  try {
    metrics = await getMetrics(ctx, { from: params.from, to: params.to });
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    problems = err.issues ?? [];
  }
  const qs = new URLSearchParams({ from: params.from, to: params.to }).toString();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Metrics</h1>
      <p className="text-slate-700">Requests submitted in the period (whole days, New York time), standard and expedited apart (CMS-0057-F and the plan&apos;s quality review). The yearly figures for the public are{" "}
        <Link href="/reports/publish" className="text-blue-800 underline">
          published from here
        </Link>
        .
      </p>
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Choose the period">
        <div>
          <label htmlFor="r-from" className="block text-sm font-medium">
            Submitted from
          </label>
          <input id="r-from" type="date" name="from" defaultValue={params.from} required className="mt-1 rounded border border-slate-400 px-2 py-1" />
        </div>
        <div>
          <label htmlFor="r-to" className="block text-sm font-medium">
            Submitted to
          </label>
          <input id="r-to" type="date" name="to" defaultValue={params.to} required className="mt-1 rounded border border-slate-400 px-2 py-1" />
        </div>
        <button type="submit" className="rounded bg-slate-800 px-3 py-1 text-white">
          Show
        </button>
        <a href={`/reports/export?${qs}&format=csv`} className="rounded border border-slate-500 px-3 py-1" download>
          Download CSV
        </a>
        <a href={`/reports/export?${qs}&format=json`} className="rounded border border-slate-500 px-3 py-1" download>
          Download JSON
        </a>
      </form>
      {problems.length ? (
        <div role="alert" className="rounded border border-red-400 bg-red-50 p-3 text-red-900">
          <p className="font-semibold">That period is not valid.</p>
          <ul className="list-disc pl-5">
            {problems.map((p) => (
              <li key={p.path}>
                {p.path}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {metrics ? <Report m={metrics} /> : null}
    </div>
  );
}

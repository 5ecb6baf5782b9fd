import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, Td } from "@/components/ui/data-table";
import {
  INDICATION_HEADINGS,
  OUTCOME_LABELS,
  PHASE_LABELS,
  STATUS_LABELS,
  URGENCY_LABELS,
  formatPlanDateTime,
  labelOf,
  type CaseStatus,
} from "@/lib/domain";
import { PHARMACY_339_7_CRITERIA } from "@/lib/policy";
import { historyFilterChoices, listHistory } from "@/lib/server/history/list-history";
import { appealOutcome, timeliness } from "@/lib/server/history/export-history";
import { ValidationError } from "@/lib/server/errors";
import { requirePageAccess } from "@/lib/server/viewer";
import { HISTORY_OUTCOME_LABELS, historyParams } from "@/lib/validation/history";

export const metadata: Metadata = { title: "Decision history" };

type Search = Record<string, string | string[] | undefined>;

const FIELD = "mt-1 block rounded border border-slate-400 px-2 py-1";

function Select({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value?: string;
  options: [string, string][];
}) {
  return (
    <div>
      <label htmlFor={`f-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <select id={`f-${name}`} name={name} defaultValue={value ?? ""} className={FIELD}>
        <option value="">Any</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

function Check({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" name={name} value="1" defaultChecked={checked} className="h-4 w-4" />
      {label}
    </label>
  );
}

export default async function HistoryPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePageAccess("audit.read", { type: "history" });
  const params = historyParams(await searchParams);
  const choices = await historyFilterChoices(ctx);
  let result: Awaited<ReturnType<typeof listHistory>> | null = null;
  let problems: { path: string; message: string }[] = [];
  try {
    result = await listHistory(ctx, params);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    problems = err.issues ?? [];
  }
  const filterOnly = Object.fromEntries(Object.entries(params).filter(([k]) => k !== "after"));
  const qs = (extra: Record<string, string> = {}) => new URLSearchParams({ ...filterOnly, ...extra }).toString();
  const criteria = [
    ...new Map(PHARMACY_339_7_CRITERIA.filter((c) => c.kind !== "scope").map((c) => [c.id, c.label])).entries(),
  ];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-semibold">Decision history</h1>
        <div className="flex gap-3 text-sm">
          <a
            href={`/history/export?${qs()}`}
            className="rounded bg-blue-700 px-3 py-2 font-medium text-white hover:bg-blue-800"
            download
          >
            Export these cases (CSV)
          </a>
          <Link href="/reports" className="rounded border border-slate-500 px-3 py-2">
            Metrics
          </Link>
        </div>
      </div>
      <form
        method="get"
        className="space-y-3 rounded border border-slate-300 bg-white p-3"
        aria-label="Filter the history"
      >
        <div className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="f-from" className="block text-sm font-medium">
              Decided from
            </label>
            <input id="f-from" type="date" name="from" defaultValue={params.from} className={FIELD} />
          </div>
          <div>
            <label htmlFor="f-to" className="block text-sm font-medium">
              Decided to
            </label>
            <input
              id="f-to"
              type="date"
              name="to"
              defaultValue={params.to}
              className={FIELD}
              aria-describedby={problems.some((p) => p.path === "to") ? "err-to" : undefined}
            />
          </div>
          <Select
            name="outcome"
            label="Outcome"
            value={params.outcome}
            options={Object.entries(HISTORY_OUTCOME_LABELS)}
          />
          <Select name="engine" label="Engine outcome" value={params.engine} options={Object.entries(OUTCOME_LABELS)} />
          <Select
            name="indication"
            label="Indication"
            value={params.indication}
            options={Object.entries(INDICATION_HEADINGS)}
          />
          <Select name="phase" label="Phase" value={params.phase} options={Object.entries(PHASE_LABELS)} />
          <Select name="urgency" label="Urgency" value={params.urgency} options={Object.entries(URGENCY_LABELS)} />
          <Select
            name="org"
            label="Organization"
            value={params.org}
            options={choices.orgs.map((o) => [o.id, o.name])}
          />
          <Select
            name="reviewer"
            label="Reviewer"
            value={params.reviewer}
            options={choices.reviewers.map((r) => [r.id, r.name])}
          />
          <Select name="criterion" label="Criterion found not met" value={params.criterion} options={criteria} />
        </div>
        <fieldset className="flex flex-wrap gap-4">
          <legend className="sr-only">Only cases that</legend>
          <Check name="overturned" label="Overturned on appeal" checked={params.overturned === "1"} />
          <Check name="late" label="Decided after its due time" checked={params.late === "1"} />
          <Check name="disagreed" label="Reviewer disagreed with the engine" checked={params.disagreed === "1"} />
        </fieldset>
        <div className="flex gap-3">
          <button type="submit" className="rounded bg-slate-800 px-3 py-1 text-white">
            Filter
          </button>
          <Link href="/history" className="rounded border border-slate-500 px-3 py-1">
            Clear filters
          </Link>
        </div>
      </form>
      {problems.length ? (
        <div role="alert" className="rounded border border-red-400 bg-red-50 p-3 text-red-900">
          <p className="font-semibold">Those filters are not valid; nothing was listed.</p>
          <ul className="list-disc pl-5">
            {problems.map((p) => (
              <li key={p.path} id={`err-${p.path}`}>
                {p.path}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {result ? (
        <>
          <DataTable
            caption="Submitted cases, newest decision first"
            headers={[
              "Reference",
              "Organization",
              "Indication",
              "Phase",
              "Urgency",
              "Engine",
              "Status",
              "Reviewer(s)",
              "Submitted",
              "Due",
              "Decided",
              "On time",
              "Appeal",
            ]}
          >
            {result.rows.map((r) => (
              <tr key={r.id} data-testid="history-row">
                <Td>
                  <Link href={`/history/${r.id}`} className="font-medium text-blue-800 underline">
                    {r.reference}
                  </Link>
                </Td>
                <Td>{r.organization}</Td>
                <Td>{labelOf(INDICATION_HEADINGS, r.indication) ?? ""}</Td>
                <Td>{labelOf(PHASE_LABELS, r.phase) ?? ""}</Td>
                <Td>{labelOf(URGENCY_LABELS, r.urgency) ?? ""}</Td>
                <Td>{r.engineOutcome ? (labelOf(OUTCOME_LABELS, r.engineOutcome) ?? r.engineOutcome) : ""}</Td>
                <Td>{STATUS_LABELS[r.status as CaseStatus]}</Td>
                <Td>{r.reviewers ?? ""}</Td>
                <Td className="whitespace-nowrap">{formatPlanDateTime(r.submittedAt)}</Td>
                <Td className="whitespace-nowrap">{formatPlanDateTime(r.dueAt)}</Td>
                <Td className="whitespace-nowrap">{formatPlanDateTime(r.decidedAt)}</Td>
                <Td>
                  {timeliness(r) === "late" ? (
                    <span className="font-semibold text-red-800">Late</span>
                  ) : timeliness(r) ? (
                    "On time"
                  ) : (
                    ""
                  )}
                </Td>
                <Td>{appealOutcome(r.status)}</Td>
              </tr>
            ))}
          </DataTable>
          {result.rows.length === 0 ? <p>No cases match these filters.</p> : null}
          {result.next ? (
            <Link href={`/history?${qs({ after: result.next })}`} className="text-blue-800 underline">
              Next {50} cases
            </Link>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

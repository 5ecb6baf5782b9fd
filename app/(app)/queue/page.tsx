import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { QueueRows, type QueueRowView } from "@/components/review/queue-rows";
import { QueueSearch } from "@/components/review/queue-search";
import { can } from "@/lib/auth/permissions";
import {
  formatPlanDateTime,
  INDICATION_HEADINGS,
  INITIAL_REVIEW,
  labelOf,
  OPEN_FOR_REVIEW,
  OUTCOME_LABELS,
  PHASE_LABELS,
  STATUS_LABELS,
  URGENCY_LABELS,
} from "@/lib/domain";
import { describeTimeLeft } from "@/lib/due-time";
import { listReviewQueue } from "@/lib/server/review/list-review-queue";
import { ValidationError } from "@/lib/server/errors";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "Review queue" };

type Search = Record<string, string | undefined>;
const FILTER_KEYS = [
  "view",
  "urgency",
  "indication",
  "phase",
  "status",
  "engineOutcome",
  "assigned",
  "overdue",
] as const;

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
      <select
        id={`f-${name}`}
        name={name}
        defaultValue={value ?? ""}
        className="mt-1 rounded border border-slate-400 bg-white px-2 py-1 text-sm"
      >
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

export default async function QueuePage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePageAccess("queue.read");
  const search = await searchParams;
  const physicianView = search.view === "physician";
  if (physicianView) await requirePageAccess("queue.physician");
  const input = Object.fromEntries(
    Object.entries(search).filter(([k, v]) => v && ([...FILTER_KEYS, "after"] as string[]).includes(k)),
  );
  let result: Awaited<ReturnType<typeof listReviewQueue>> | null = null;
  let problem: string | null = null;
  try {
    result = await listReviewQueue(ctx, input);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    problem = err.userMessage;
  }
  const keep = Object.fromEntries(FILTER_KEYS.filter((k) => search[k]).map((k) => [k, search[k]!]));
  const qs = (extra: Record<string, string>) => "?" + new URLSearchParams({ ...keep, ...extra }).toString();
  const statusOptions = (physicianView ? OPEN_FOR_REVIEW : INITIAL_REVIEW).map(
    (s) => [s, STATUS_LABELS[s]] as [string, string],
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-semibold">{physicianView ? "Physician-only queue" : "Review queue"}</h1>
        {can(ctx.viewer.role, "queue.physician") ? (
          <nav aria-label="Queue views" className="flex gap-3 text-sm">
            <Link
              href="/queue"
              aria-current={physicianView ? undefined : "page"}
              className={physicianView ? "text-blue-800 underline" : "font-semibold"}
            >
              All reviewers
            </Link>
            <Link
              href="/queue?view=physician"
              aria-current={physicianView ? "page" : undefined}
              className={physicianView ? "font-semibold" : "text-blue-800 underline"}
            >
              Physician only (not addressed by policy, escalated, appeals)
            </Link>
          </nav>
        ) : null}
      </div>
      <p className="text-sm text-slate-700">
        Cases waiting for a decision, earliest due first. Standard requests are due 7 calendar days after submission,
        expedited ones 72 hours; the clock keeps running while information is pending.
      </p>
      <QueueSearch view={physicianView ? "physician" : "main"} />
      <form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded border border-slate-300 bg-slate-50 p-3"
        aria-label="Filter the queue"
      >
        {physicianView ? <input type="hidden" name="view" value="physician" /> : null}
        <Select name="urgency" label="Urgency" value={search.urgency} options={Object.entries(URGENCY_LABELS)} />
        <Select
          name="indication"
          label="Indication"
          value={search.indication}
          options={Object.entries(INDICATION_HEADINGS)}
        />
        <Select name="phase" label="Phase" value={search.phase} options={Object.entries(PHASE_LABELS)} />
        <Select name="status" label="Status" value={search.status} options={statusOptions} />
        <Select
          name="engineOutcome"
          label="Engine outcome"
          value={search.engineOutcome}
          options={Object.entries(OUTCOME_LABELS)}
        />
        <Select
          name="assigned"
          label="Assigned"
          value={search.assigned}
          options={[
            ["me", "Assigned to me"],
            ["unassigned", "Unassigned"],
          ]}
        />
        <div className="flex items-center gap-2 pb-1">
          <input
            id="f-overdue"
            type="checkbox"
            name="overdue"
            value="true"
            defaultChecked={search.overdue === "true"}
            className="h-4 w-4"
          />
          <label htmlFor="f-overdue" className="text-sm font-medium">
            Overdue only
          </label>
        </div>
        <button
          type="submit"
          className="rounded bg-slate-800 px-3 py-1 text-sm font-medium text-white hover:bg-slate-900"
        >
          Apply filters
        </button>
        <Link
          href={physicianView ? "/queue?view=physician" : "/queue"}
          className="pb-1 text-sm text-blue-800 underline"
        >
          Clear
        </Link>
      </form>
      {problem ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {problem}{" "}
          <Link href={qs({})} className="underline">
            First page of the queue
          </Link>
        </p>
      ) : null}
      {result ? (
        <>
          <DataTable
            caption="Cases awaiting a decision, earliest due first"
            headers={["Case", "Time left", "Status", "Request", "Engine outcome", "Assigned to", "Action"]}
          >
            <QueueRows
              rows={result.rows.map((c): QueueRowView => {
                const left = describeTimeLeft(c.dueAt, result.now);
                const mine = c.abilities.heldByViewer;
                return {
                  id: c.id,
                  reference: c.reference,
                  version: c.version,
                  organizationName: c.organizationName,
                  overdue: left.overdue,
                  timeLeft: left.text,
                  due: formatPlanDateTime(c.dueAt),
                  status: STATUS_LABELS[c.status],
                  statusNote: c.escalatedAt
                    ? "Escalated by a nurse"
                    : c.abilities.routedAway
                      ? "Now routed to physicians: release it"
                      : null,
                  request: `${c.urgency ? URGENCY_LABELS[c.urgency] : ""} · ${labelOf(INDICATION_HEADINGS, c.indication) ?? ""} · ${labelOf(PHASE_LABELS, c.phase) ?? ""}`,
                  outcome: labelOf(OUTCOME_LABELS, c.engineOutcome) ?? "",
                  assignee: c.assigneeName ? (mine ? `You (${c.assigneeName})` : c.assigneeName) : null,
                  action: c.abilities.canClaim ? "claim" : mine ? "release" : null,
                };
              })}
            />
          </DataTable>
          {result.rows.length === 0 ? <p>No case matches these filters.</p> : null}
          <nav aria-label="Pages" className="flex gap-4 text-sm">
            {search.after ? (
              <Link href={qs({})} className="text-blue-800 underline">
                First page
              </Link>
            ) : null}
            {result.nextCursor ? (
              <Link href={qs({ after: result.nextCursor })} className="text-blue-800 underline">
                Next page
              </Link>
            ) : null}
          </nav>
        </>
      ) : null}
    </div>
  );
}

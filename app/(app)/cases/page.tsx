import type { Metadata } from "next";
import Link from "next/link";
import { CASE_STATUSES } from "@/db/schema";
import { DataTable, Td } from "@/components/ui/data-table";
import { formatDateTime } from "@/components/case/timeline";
import { STATUS_LABELS } from "@/lib/case-lifecycle";
import { describeTimeLeft } from "@/lib/due-time";
import { INDICATION_LABELS } from "@/lib/policy";
import { listOrganizationCases } from "@/lib/server/cases/list-organization-cases";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "Your cases" };

const DECISION_LABELS: Record<string, string> = { approved: "Approved", denied: "Denied", appeal_upheld: "Denial upheld on appeal", appeal_overturned: "Approved on appeal" };
const OUTCOME_LABELS: Record<string, string> = {
  meets_criteria: "Meets criteria",
  does_not_meet_criteria: "Criteria not met",
  insufficient_documentation: "Information missing",
  requires_clinical_review: "Clinical review",
  not_addressed_by_policy: "Outside the policy",
};

export default async function CasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageAccess("case.list_own");
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const status = one(sp.status) && (CASE_STATUSES as readonly string[]).includes(one(sp.status)!) ? one(sp.status) : undefined;
  const q = one(sp.q)?.slice(0, 100) || undefined;
  const pageNumber = Math.max(1, Math.min(100000, Number.parseInt(one(sp.page) ?? "1", 10) || 1));
  const list = await listOrganizationCases(ctx, { status, q, page: pageNumber, pageSize: 25 });
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const link = (page: number) => `/cases?${new URLSearchParams({ ...(status ? { status } : {}), ...(q ? { q } : {}), page: String(page) })}`;
  const now = new Date();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Your organization’s cases</h1>
        <Link href="/cases/new" className="rounded bg-blue-800 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-900">
          New request
        </Link>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-300 bg-white p-3" role="search" aria-label="Filter cases">
        <div>
          <label htmlFor="q" className="block text-sm font-medium">
            Search
          </label>
          <input id="q" name="q" defaultValue={q} placeholder="Reference, member ID or name" className="w-72 rounded border border-slate-400 px-2 py-1.5 text-sm" />
        </div>
        <div>
          <label htmlFor="status" className="block text-sm font-medium">
            Status
          </label>
          <select id="status" name="status" defaultValue={status ?? ""} className="rounded border border-slate-400 px-2 py-1.5 text-sm">
            <option value="">Any status</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded border border-slate-500 px-3 py-1.5 text-sm font-medium hover:bg-slate-100">
          Apply
        </button>
        {status || q ? (
          <Link href="/cases" className="text-sm text-blue-800 underline">
            Clear filters
          </Link>
        ) : null}
      </form>
      <DataTable caption="Cases of your organization, newest first" headers={["Reference", "Member", "Status", "Urgency", "Indication", "Phase", "Policy check", "Submitted", "Due", "Decision"]}>
        {list.rows.map((c) => {
          const due = c.dueAt && !c.decidedAt && ["submitted", "in_review", "pending_information", "appeal_submitted", "appeal_in_review"].includes(c.status) ? describeTimeLeft(c.dueAt, now) : null;
          return (
            <tr key={c.id}>
              <Td>
                <Link href={`/cases/${c.id}`} className="whitespace-nowrap font-medium text-blue-800 underline">
                  {c.reference}
                </Link>
              </Td>
              <Td>{c.memberName ?? "—"}</Td>
              <Td>{STATUS_LABELS[c.status]}</Td>
              <Td>{c.urgency === "expedited" ? <strong>Expedited</strong> : c.urgency ? "Standard" : "—"}</Td>
              <Td>{c.indication ? INDICATION_LABELS[c.indication as keyof typeof INDICATION_LABELS] : "—"}</Td>
              <Td>{c.phase === "implant" ? "Implantation" : c.phase === "trial" ? "Trial" : "—"}</Td>
              <Td>{c.engineOutcome ? OUTCOME_LABELS[c.engineOutcome] ?? c.engineOutcome : "—"}</Td>
              <Td>{c.submittedAt ? formatDateTime(c.submittedAt) : "Not yet"}</Td>
              <Td>
                {c.dueAt && c.status !== "withdrawn" ? formatDateTime(c.dueAt) : "—"}
                {due ? <span className={`block text-xs ${due.overdue ? "font-semibold text-red-800" : "text-slate-700"}`}>{due.text}</span> : null}
              </Td>
              <Td>{c.decision ? DECISION_LABELS[c.decision] ?? c.decision : "—"}</Td>
            </tr>
          );
        })}
      </DataTable>
      {list.rows.length === 0 ? <p>{status || q ? "No case matches these filters." : "No cases yet. Start with “New request”."}</p> : null}
      <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
        <span>
          Page {list.page} of {pages} · {list.total} case{list.total === 1 ? "" : "s"}
        </span>
        {list.page > 1 ? (
          <Link className="text-blue-800 underline" href={link(list.page - 1)}>
            Previous page
          </Link>
        ) : null}
        {list.page < pages ? (
          <Link className="text-blue-800 underline" href={link(list.page + 1)}>
            Next page
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, Td } from "@/components/ui/data-table";
import { listAuditEvents } from "@/lib/server/audit/list-audit-events";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "Audit history" };

type Search = { action?: string | string[]; outcome?: string | string[]; before?: string | string[] };

/** One value per filter: a repeated query parameter keeps its first value. */
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePageAccess("audit.read");
  const raw = await searchParams;
  const search = { action: first(raw.action)?.slice(0, 80), outcome: first(raw.outcome), before: first(raw.before) };
  const outcome = ["ok", "refused", "failed"].includes(search.outcome ?? "") ? (search.outcome as "ok") : undefined;
  const before =
    Number.isSafeInteger(Number(search.before)) && Number(search.before) > 0 ? Number(search.before) : undefined;
  const { events, nextBefore } = await listAuditEvents(ctx, { action: search.action || undefined, outcome, before });
  const qs = (extra: Record<string, string | number | undefined>) =>
    "?" +
    new URLSearchParams(
      Object.entries({ action: search.action, outcome, ...extra }).filter(([, v]) => v !== undefined && v !== "") as [
        string,
        string,
      ][],
    ).toString();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-semibold">Audit history</h1>
        <Link
          href="/audit/verify"
          className="rounded bg-blue-700 px-3 py-2 text-sm font-medium text-white hover:bg-blue-800"
        >
          Verify the audit chain
        </Link>
      </div>
      <form className="flex flex-wrap items-end gap-3" method="get">
        <div>
          <label htmlFor="action" className="block text-sm font-medium">
            Action
          </label>
          <input
            id="action"
            name="action"
            defaultValue={search.action}
            placeholder="e.g. auth.sign_in"
            className="mt-1 rounded border border-slate-400 px-2 py-1"
          />
        </div>
        <div>
          <label htmlFor="outcome" className="block text-sm font-medium">
            Outcome
          </label>
          <select
            id="outcome"
            name="outcome"
            defaultValue={outcome ?? ""}
            className="mt-1 rounded border border-slate-400 px-2 py-1"
          >
            <option value="">Any</option>
            <option value="ok">ok</option>
            <option value="refused">refused</option>
            <option value="failed">failed</option>
          </select>
        </div>
        <button type="submit" className="rounded border border-slate-500 px-3 py-1">
          Filter
        </button>
      </form>
      <DataTable
        caption="Audit events, newest first"
        headers={["#", "When (UTC)", "Action", "Outcome", "Who", "Target", "From", "Details"]}
      >
        {events.map((e) => (
          <tr key={e.seq} data-testid="audit-row">
            <Td>{e.seq}</Td>
            <Td className="whitespace-nowrap">{e.at.toISOString().replace("T", " ").slice(0, 19)}</Td>
            <Td>{e.action}</Td>
            <Td>
              <span className={e.outcome === "ok" ? "text-green-800" : "font-semibold text-red-800"}>{e.outcome}</span>
            </Td>
            <Td>{e.actorEmail ? `${e.actorEmail} (${e.actorRole})` : (e.actorRole ?? "anonymous")}</Td>
            <Td className="whitespace-nowrap">
              {e.caseReference
                ? e.targetType === "case"
                  ? `Case ${e.caseReference}`
                  : `${e.targetType ?? "event"} of case ${e.caseReference}`
                : e.targetType
                  ? `${e.targetType}${e.targetId ? ` ${e.targetId.slice(0, 8)}` : ""}`
                  : ""}
            </Td>
            <Td>{e.ip ?? ""}</Td>
            <Td className="max-w-xs font-mono text-xs [overflow-wrap:anywhere]">
              {e.details && typeof e.details === "object"
                ? Object.entries(e.details).map(([k, v]) => (
                    <span key={k} className="block">
                      {k}: {typeof v === "string" ? v : JSON.stringify(v)}
                    </span>
                  ))
                : null}
            </Td>
          </tr>
        ))}
      </DataTable>
      {events.length === 0 ? <p>No events match.</p> : null}
      {nextBefore ? (
        <Link href={`/audit${qs({ before: nextBefore })}`} className="text-blue-800 underline">
          Older events
        </Link>
      ) : null}
    </div>
  );
}

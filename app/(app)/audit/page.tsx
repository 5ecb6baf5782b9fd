import type { Metadata } from "next";
import Link from "next/link";
import { Td } from "@/components/ui/data-table";
import { auditDetailEntries, auditTargetLabel } from "@/lib/audit-details";
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
      {/* One body per event: its summary on one row, its details on the full width below (a narrow
          details column squeezed them to a few characters per line). */}
      <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">Audit events, newest first</caption>
          <thead className="bg-slate-100">
            <tr>
              {["#", "When (UTC)", "Action", "Outcome", "Who", "Target", "From"].map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-semibold">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          {events.map((e) => {
            const details = auditDetailEntries(e.details);
            return (
              <tbody key={e.seq} data-testid="audit-row" className="border-t border-slate-300">
                <tr>
                  <Td>{e.seq}</Td>
                  <Td className="whitespace-nowrap">{e.at.toISOString().replace("T", " ").slice(0, 19)}</Td>
                  <Td className="[overflow-wrap:anywhere]">{e.action}</Td>
                  <Td>
                    <span className={e.outcome === "ok" ? "text-green-800" : "font-semibold text-red-800"}>
                      {e.outcome}
                    </span>
                  </Td>
                  <Td className="[overflow-wrap:anywhere]">
                    {e.actorEmail ? `${e.actorEmail} (${e.actorRole})` : (e.actorRole ?? "anonymous")}
                  </Td>
                  <Td className="[overflow-wrap:anywhere]">
                    {e.caseReference
                      ? e.targetType === "case"
                        ? `Case ${e.caseReference}`
                        : `${e.targetType ?? "event"} of case ${e.caseReference}`
                      : auditTargetLabel(e)}
                  </Td>
                  <Td className="whitespace-nowrap">{e.ip ?? ""}</Td>
                </tr>
                {details.length ? (
                  <tr>
                    <td colSpan={7} className="px-3 pb-2 pt-0">
                      <span className="sr-only">Details of event {e.seq}:</span>
                      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 rounded bg-slate-50 px-2 py-1 font-mono text-xs">
                        {details.map(([k, v]) => (
                          <div key={k} className="contents">
                            <dt className="text-slate-700">{k}</dt>
                            <dd className="[overflow-wrap:anywhere]">{v}</dd>
                          </div>
                        ))}
                      </dl>
                    </td>
                  </tr>
                ) : null}
              </tbody>
            );
          })}
        </table>
      </div>
      {events.length === 0 ? <p>No events match.</p> : null}
      {nextBefore ? (
        <Link href={`/audit${qs({ before: nextBefore })}`} className="text-blue-800 underline">
          Older events
        </Link>
      ) : null}
    </div>
  );
}

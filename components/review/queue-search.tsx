"use client";
// Find a case in the queue by its reference or the member's ID. A POST (server action): the
// member ID never appears in the URL, the server log or the browser history.
import { useState, useTransition } from "react";
import Link from "next/link";
import { searchQueueAction, type QueueSearchRow } from "@/app/(app)/queue/actions";
import { STATUS_LABELS } from "@/lib/domain";
import { formatPlanDateTime } from "@/lib/domain";

export function QueueSearch({ view }: { view: "main" | "physician" }) {
  const [rows, setRows] = useState<QueueSearchRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-2">
      <form
        method="post"
        role="search"
        aria-label="Search the queue"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const q = String(new FormData(e.currentTarget).get("q") ?? "").trim();
          if (!q) return setRows(null);
          start(async () => {
            const r = await searchQueueAction({ q, view });
            if (!r.ok) {
              setRows(null);
              return setError(r.issues?.[0]?.message ?? r.message);
            }
            setError(null);
            setRows(r.data);
          });
        }}
      >
        <div>
          <label htmlFor="queue-q" className="block text-sm font-medium">
            Find a case
          </label>
          <input
            id="queue-q"
            name="q"
            maxLength={100}
            autoComplete="off"
            placeholder="Case reference or member ID"
            aria-describedby={error ? "queue-q-error" : undefined}
            className="w-72 rounded border border-slate-400 px-2 py-1 text-sm"
          />
        </div>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-slate-800 px-3 py-1 text-sm font-medium text-white hover:bg-slate-900 disabled:opacity-60"
        >
          Find
        </button>
        {rows ? (
          <button type="button" className="pb-1 text-sm text-blue-800 underline" onClick={() => setRows(null)}>
            Clear the search
          </button>
        ) : null}
      </form>
      {error ? (
        <p id="queue-q-error" role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {rows ? (
        <div
          role="status"
          data-testid="queue-search-results"
          className="rounded border border-slate-300 bg-white p-2 text-sm"
        >
          {rows.length === 0 ? (
            <p>No case in this queue matches.</p>
          ) : (
            <ul className="space-y-1">
              {rows.map((r) => (
                <li key={r.id}>
                  <Link href={`/review/${r.id}`} className="whitespace-nowrap font-medium text-blue-800 underline">
                    {r.reference}
                  </Link>{" "}
                  · {STATUS_LABELS[r.status]} · {r.organizationName} · due {formatPlanDateTime(r.dueAt)} ·{" "}
                  {r.assigneeName ?? "unassigned"}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}

"use client";
import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { searchCasesAction } from "@/app/(app)/cases/actions";
import { CASE_STATUS_OPTIONS } from "./status-options";
import { STATUS_LABELS } from "@/lib/domain";
import { CaseListTable, type CaseListRow } from "./case-list-table";

interface Results {
  q: string;
  rows: CaseListRow[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * The case list's filters. The status filter and the page live in the URL (`/cases?status=…&page=…`);
 * the search text does not: it may be a member's name or ID (PHI), and URLs end up in server logs,
 * proxies and browser history. So the search is a POST (a server action) whose rows replace the
 * server-rendered list (`children`) until it is cleared.
 */
export function CaseSearch({ status, children }: { status?: string; children: React.ReactNode }) {
  const router = useRouter();
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const search = (q: string, searchStatus: string, page: number) =>
    start(async () => {
      const r = await searchCasesAction({ q, status: searchStatus || undefined, page });
      if (!r.ok) return setError(r.message);
      setError(null);
      setResults({ q, ...r.data });
    });

  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const q = String(form.get("q") ?? "").trim();
    const nextStatus = String(form.get("status") ?? "");
    if (nextStatus !== (status ?? ""))
      router.push(nextStatus ? `/cases?${new URLSearchParams({ status: nextStatus })}` : "/cases");
    if (q) search(q, nextStatus, 1);
    else setResults(null);
  };

  const pages = results ? Math.max(1, Math.ceil(results.total / results.pageSize)) : 1;
  return (
    <>
      <form
        method="post"
        onSubmit={onSubmit}
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-300 bg-white p-3"
        role="search"
        aria-label="Filter cases"
      >
        <div>
          <label htmlFor="q" className="block text-sm font-medium">
            Search
          </label>
          <input
            id="q"
            name="q"
            maxLength={100}
            autoComplete="off"
            placeholder="Reference, member ID or name"
            className="w-72 rounded border border-slate-400 px-2 py-1.5 text-sm"
          />
        </div>
        <div>
          <label htmlFor="status" className="block text-sm font-medium">
            Status
          </label>
          <select
            id="status"
            name="status"
            key={status ?? ""}
            defaultValue={status ?? ""}
            className="rounded border border-slate-400 px-2 py-1.5 text-sm"
          >
            <option value="">Any status</option>
            {CASE_STATUS_OPTIONS.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          disabled={pending}
          className="rounded border border-slate-500 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
        >
          Apply
        </button>
        {status || results ? (
          <Link
            href="/cases"
            className="text-sm text-blue-800 underline"
            onClick={(e) => {
              setResults(null);
              (e.currentTarget.closest("form") as HTMLFormElement | null)?.reset();
            }}
          >
            Clear filters
          </Link>
        ) : null}
      </form>
      {error ? (
        <p role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {results ? (
        <div aria-live="polite" aria-busy={pending} className="space-y-4" data-testid="case-search-results">
          <CaseListTable rows={results.rows} />
          {results.rows.length === 0 ? <p>No case matches these filters.</p> : null}
          <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
            <span>
              Page {results.page} of {pages} · {results.total} case{results.total === 1 ? "" : "s"} found
            </span>
            {results.page > 1 ? (
              <button
                type="button"
                className="text-blue-800 underline"
                onClick={() => search(results.q, status ?? "", results.page - 1)}
              >
                Previous page
              </button>
            ) : null}
            {results.page < pages ? (
              <button
                type="button"
                className="text-blue-800 underline"
                onClick={() => search(results.q, status ?? "", results.page + 1)}
              >
                Next page
              </button>
            ) : null}
          </nav>
        </div>
      ) : (
        children
      )}
    </>
  );
}

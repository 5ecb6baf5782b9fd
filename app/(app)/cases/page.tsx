import type { Metadata } from "next";
import Link from "next/link";
import { CASE_STATUSES } from "@/lib/domain";
import { CaseListTable } from "@/components/case/case-list-table";
import { CaseSearch } from "@/components/case/case-search";
import { listOrganizationCases } from "@/lib/server/cases/list-organization-cases";
import { getOwnGoldCard } from "@/lib/server/automation/gold-cards";
import { requirePageAccess } from "@/lib/server/viewer";

export const metadata: Metadata = { title: "Your cases" };

/**
 * The organization's cases. Only the status filter and the page are URL parameters; the search
 * (member name or ID: PHI) is a POST from <CaseSearch> and never appears in a URL. A `q` in the
 * URL (an old bookmark) is ignored.
 */
export default async function CasesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePageAccess("case.list_own");
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const status =
    one(sp.status) && (CASE_STATUSES as readonly string[]).includes(one(sp.status)!) ? one(sp.status) : undefined;
  const pageNumber = Math.max(1, Math.min(100000, Number.parseInt(one(sp.page) ?? "1", 10) || 1));
  const [list, goldCard] = await Promise.all([
    listOrganizationCases(ctx, { status, page: pageNumber, pageSize: 25 }),
    getOwnGoldCard(ctx),
  ]);
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const link = (page: number) => `/cases?${new URLSearchParams({ ...(status ? { status } : {}), page: String(page) })}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Your organization’s cases</h1>
        <Link
          href="/cases/new"
          className="rounded bg-blue-800 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-900"
        >
          New request
        </Link>
      </div>
      {goldCard ? (
        <p className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm" data-testid="gold-card">
          {goldCard.line}
        </p>
      ) : null}
      <CaseSearch status={status}>
        <div className="space-y-4">
          <CaseListTable rows={list.rows} />
          {list.rows.length === 0 ? (
            <p>{status ? "No case matches these filters." : "No cases yet. Start with “New request”."}</p>
          ) : null}
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
      </CaseSearch>
    </div>
  );
}

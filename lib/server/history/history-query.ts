import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { HistoryFilter } from "@/lib/validation/history";

export const HISTORY_PAGE_SIZE = 50;
import { PLAN_TIME_ZONE } from "@/lib/domain";

/** Decision-date filters mean whole days in the plan's time zone. */

export interface HistoryRow {
  id: string;
  reference: string;
  organization: string;
  indication: string | null;
  phase: string | null;
  urgency: string | null;
  engineOutcome: string | null;
  status: string;
  reviewers: string | null;
  submittedAt: Date;
  dueAt: Date | null;
  decidedAt: Date | null;
}

/** The initial decision went against a decisive engine outcome (the reviewer disagreed with it). */
const DISAGREED = sql`((c.engine_outcome = 'meets_criteria' and c.status in ('denied','appeal_submitted','appeal_in_review','appeal_upheld','appeal_overturned'))
  or (c.engine_outcome in ('does_not_meet_criteria','insufficient_documentation') and c.status = 'approved'))`;

/** The WHERE conditions of a history filter, shared by the page, the CSV export and the bench. */
function historyConditions(f: HistoryFilter): SQL {
  const where: SQL[] = [sql`c.submitted_at is not null`];
  if (f.from) where.push(sql`c.decided_at >= (${f.from}::date::timestamp at time zone ${PLAN_TIME_ZONE})`);
  if (f.to) where.push(sql`c.decided_at < ((${f.to}::date + 1)::timestamp at time zone ${PLAN_TIME_ZONE})`);
  if (f.outcome === "open") where.push(sql`c.status in ('submitted','in_review','pending_information')`);
  else if (f.outcome) where.push(sql`c.status = ${f.outcome}::case_status`);
  if (f.engine) where.push(sql`c.engine_outcome = ${f.engine}`);
  if (f.indication) where.push(sql`c.indication = ${f.indication}`);
  if (f.phase) where.push(sql`c.phase = ${f.phase}`);
  if (f.urgency) where.push(sql`c.urgency = ${f.urgency}`);
  if (f.org) where.push(sql`c.organization_id = ${f.org}::uuid`);
  if (f.reviewer)
    where.push(
      sql`exists (select 1 from determinations d where d.case_id = c.id and d.reviewer_id = ${f.reviewer}::uuid)`,
    );
  // The criterion filter is a join (criterionJoin), not a condition: see there.
  if (f.overturned) where.push(sql`c.status = 'appeal_overturned'`);
  if (f.late) where.push(sql`c.decided_at > c.due_at`);
  if (f.disagreed) where.push(DISAGREED);
  return sql.join(where, sql` and `);
}

/** A page cursor: the last row's decision time ("open" when undecided) and id. */
function parseCursor(after: string | undefined): { at: string; id: string } | null {
  if (!after) return null;
  const cut = after.lastIndexOf("_");
  return { at: after.slice(0, cut), id: after.slice(cut + 1) };
}

// `id desc nulls last` like the index (cases_history_idx): ids are never null, and with the same
// null ordering PostgreSQL reads the page straight from the index instead of re-sorting it.
const ORDER = sql`order by c.decided_at desc nulls last, c.id desc nulls last`;

/**
 * "Criterion found not met" (in any determination of the case, initial or appeal): a join to the
 * case's current rows of case_criteria_not_met (l.decided_at = c.decided_at; rows of an earlier
 * decision time are skipped), whose index (criterion, decided_at desc, case_id desc) gives the
 * matching cases already in the page's order: the page reads its rows off the index and stops.
 * Such a case is always decided (a finding comes with a decision), so it has no undecided part.
 */
function criterionJoin(f: HistoryFilter): SQL {
  return f.criterion
    ? sql`join case_criteria_not_met l on l.criterion_id = ${f.criterion} and l.case_id = c.id and l.decided_at >= c.decided_at and l.decided_at <= c.decided_at`
    : sql``;
}
// Why two inequalities rather than "l.decided_at = c.decided_at": the planner multiplies the
// selectivities of the two equalities (case id, and decision time, which the id already fixes)
// and expects 3 matching cases out of thousands, so it reads them all, hash-joined, and sorts
// (at 100,000 cases: 300-500 ms). As a range its estimate stays in the hundreds and it reads the
// index in order and stops after the page. And the order is the lookup's own columns (the same
// values): the planner sees no equality between them and the case's to order by.
const CRITERION_ORDER = sql`order by l.decided_at desc nulls last, l.case_id desc nulls last`;

/**
 * One history page (or, without a limit, the whole filtered set for a cursor to stream), in the
 * order decided_at desc (undecided last), id desc. After a decided row's cursor the page is the
 * rest of the decided rows, then the undecided ones: two index range scans (UNION ALL) rather
 * than one scan that filters out everything before the cursor.
 */
export function historySelect(f: HistoryFilter, limit?: number): SQL {
  const select = sql`
    select c.id, c.reference, o.name as organization, c.indication, c.phase, c.urgency, c.engine_outcome as "engineOutcome", c.status,
           (select string_agg(distinct u.name, ', ') from determinations d join users u on u.id = d.reviewer_id where d.case_id = c.id) as reviewers,
           c.submitted_at as "submittedAt", c.due_at as "dueAt", c.decided_at as "decidedAt"
    from cases c join organizations o on o.id = c.organization_id ${criterionJoin(f)}
    where ${historyConditions(f)}`;
  const lim = limit ? sql`limit ${limit}` : sql``;
  const cursor = parseCursor(f.after);
  if (!cursor) return sql`${select} ${f.criterion ? CRITERION_ORDER : ORDER} ${lim}`;
  // A case with a criterion found not met is decided: nothing comes after an undecided row.
  if (cursor.at === "open" && f.criterion) return sql`${select} and false`;
  if (cursor.at === "open")
    return sql`${select} and c.decided_at is null and c.id < ${cursor.id}::uuid ${ORDER} ${lim}`;
  // With the criterion join, the keyset condition is on the lookup's own columns (equal to the
  // case's), so the index scan starts at the cursor; and there is no undecided part to append.
  if (f.criterion)
    return sql`${select} and (l.decided_at, l.case_id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid) ${CRITERION_ORDER} ${lim}`;
  return sql`
    select * from (
      (${select} and (c.decided_at, c.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid) ${ORDER} ${lim})
      union all
      (${select} and c.decided_at is null ${ORDER} ${lim})
    ) h
    order by h."decidedAt" desc nulls last, h.id desc nulls last ${lim}`;
}

export const cursorOf = (row: Pick<HistoryRow, "id" | "decidedAt">) =>
  `${row.decidedAt ? new Date(row.decidedAt).toISOString() : "open"}_${row.id}`;

/** Raw rows from either driver (postgres-js answers an array, PGlite `{ rows }`), dates as Dates. */
export function historyRows(result: unknown): HistoryRow[] {
  const rows = (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<
    string,
    unknown
  >[];
  const date = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
  return rows.map((r) => ({
    ...(r as unknown as HistoryRow),
    submittedAt: date(r.submittedAt)!,
    dueAt: date(r.dueAt),
    decidedAt: date(r.decidedAt),
  }));
}

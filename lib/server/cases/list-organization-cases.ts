import "server-only";
import { and, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { CASE_STATUSES, cases, type CaseStatus } from "@/db/schema";
import { listCasesInput } from "@/lib/validation/case-input";
import { requirePermission, type ServiceContext } from "../context";
import { parseInput } from "../parse-input";

export interface OrganizationCaseRow {
  id: string;
  reference: string;
  status: CaseStatus;
  urgency: string | null;
  indication: string | null;
  phase: string | null;
  memberName: string | null;
  engineOutcome: string | null;
  createdAt: Date;
  submittedAt: Date | null;
  dueAt: Date | null;
  decidedAt: Date | null;
  decision: string | null;
}

/** The provider's own organization's cases, newest first, filtered and paginated in SQL. */
export async function listOrganizationCases(ctx: ServiceContext, input: unknown = {}) {
  await requirePermission(ctx, "case.list_own");
  const { status, q, page, pageSize } = parseInput(listCasesInput, input, "filter");
  const where: SQL[] = [eq(cases.organizationId, ctx.viewer.organizationId)];
  if (status && (CASE_STATUSES as readonly string[]).includes(status))
    where.push(eq(cases.status, status as CaseStatus));
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(cases.reference, like), ilike(cases.memberId, like), ilike(cases.memberName, like))!);
  }
  const filter = and(...where);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({
        id: cases.id,
        reference: cases.reference,
        status: cases.status,
        urgency: cases.urgency,
        indication: cases.indication,
        phase: cases.phase,
        memberName: cases.memberName,
        engineOutcome: cases.engineOutcome,
        createdAt: cases.createdAt,
        submittedAt: cases.submittedAt,
        dueAt: cases.dueAt,
        decidedAt: cases.decidedAt,
        // Qualified by hand: inside the subquery an unqualified "id" binds to determinations.id.
        decision: sql<
          string | null
        >`(select d.decision from determinations d where d.case_id = "cases"."id" order by d.decided_at desc limit 1)`,
      })
      .from(cases)
      .where(filter)
      .orderBy(desc(cases.createdAt), desc(cases.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    ctx.db.select({ n: count() }).from(cases).where(filter),
  ]);
  return { rows: rows as OrganizationCaseRow[], total: Number(total?.n ?? 0), page, pageSize };
}

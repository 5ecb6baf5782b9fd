import "server-only";
import { and, asc, eq, ilike, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { cases, organizations, users } from "@/db/schema";
import { INITIAL_REVIEW, OPEN_FOR_REVIEW, type CaseStatus } from "@/lib/domain";
import { queueFilterInput } from "@/lib/validation/review";
import { caseAbilities, physicianOnlySql, type CaseAbilities } from "../cases/abilities";
import { requirePermission, type ServiceContext } from "../context";
import { parseInput } from "../parse-input";

/** The nurse-and-physician queue: cases a nurse may work. */
const MAIN_QUEUE_STATUSES = INITIAL_REVIEW;
/** The physician-only view adds appeals. */
const PHYSICIAN_QUEUE_STATUSES = OPEN_FOR_REVIEW;

const assignee = alias(users, "assignee");

export interface QueueRow {
  id: string;
  reference: string;
  status: CaseStatus;
  organizationName: string;
  urgency: "standard" | "expedited" | null;
  indication: string | null;
  phase: string | null;
  engineOutcome: string | null;
  physicianOnly: boolean;
  escalatedAt: Date | null;
  submittedAt: Date | null;
  dueAt: Date;
  assigneeId: string | null;
  assigneeName: string | null;
  claimedAt: Date | null;
  version: number;
  /** What the viewer may do with it (claim, whether it is now routed away from them). */
  abilities: CaseAbilities;
}

/**
 * Every submitted case not yet decided, earliest due first, keyset-paginated on (due_at, id) so
 * a deep page costs what the first does. The main view leaves out cases routed to physicians
 * (not addressed by the policy, escalated) and appeals, except a case the viewer still holds (so
 * a nurse holding a case that became physician-only can release it); the physician-only view
 * holds just those.
 */
export async function listReviewQueue(ctx: ServiceContext, input: unknown = {}, now: Date = new Date()) {
  await requirePermission(ctx, "queue.read");
  const filter = parseInput(queueFilterInput, input, "queue filter");
  if (filter.view === "physician") await requirePermission(ctx, "queue.physician");
  const physicianRouted = physicianOnlySql();
  const where: SQL[] = [isNotNull(cases.dueAt)];
  if (filter.view === "physician") where.push(inArray(cases.status, [...PHYSICIAN_QUEUE_STATUSES]), physicianRouted);
  else
    where.push(
      inArray(cases.status, [...MAIN_QUEUE_STATUSES]),
      or(
        sql`(${physicianRouted}) is not true`,
        // A case the viewer still holds though it became physician-routed (the provider's new facts):
        // listed so they can find it and release it.
        eq(cases.assigneeId, ctx.viewer.userId),
      )!,
    );
  if (filter.urgency) where.push(eq(cases.urgency, filter.urgency));
  if (filter.indication) where.push(eq(cases.indication, filter.indication));
  if (filter.phase) where.push(eq(cases.phase, filter.phase));
  if (filter.status) where.push(eq(cases.status, filter.status));
  if (filter.engineOutcome) where.push(eq(cases.engineOutcome, filter.engineOutcome));
  if (filter.assigned === "me") where.push(eq(cases.assigneeId, ctx.viewer.userId));
  if (filter.assigned === "unassigned") where.push(isNull(cases.assigneeId));
  if (filter.overdue) where.push(lt(cases.dueAt, now));
  if (filter.q) {
    const escaped = filter.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    where.push(or(ilike(cases.reference, `%${escaped}%`), ilike(cases.memberId, escaped))!);
  }
  if (filter.after) {
    const [dueIso, id] = [
      filter.after.slice(0, filter.after.lastIndexOf("_")),
      filter.after.slice(filter.after.lastIndexOf("_") + 1),
    ];
    where.push(sql`(${cases.dueAt}, ${cases.id}) > (${dueIso}::timestamptz, ${id}::uuid)`);
  }
  const rows = await ctx.db
    .select({
      id: cases.id,
      reference: cases.reference,
      status: cases.status,
      organizationName: organizations.name,
      urgency: cases.urgency,
      indication: cases.indication,
      phase: cases.phase,
      engineOutcome: cases.engineOutcome,
      physicianOnly: cases.physicianOnly,
      escalatedAt: cases.escalatedAt,
      submittedAt: cases.submittedAt,
      dueAt: cases.dueAt,
      assigneeId: cases.assigneeId,
      assigneeName: assignee.name,
      claimedAt: cases.claimedAt,
      version: cases.version,
    })
    .from(cases)
    .innerJoin(organizations, eq(organizations.id, cases.organizationId))
    .leftJoin(assignee, eq(assignee.id, cases.assigneeId))
    .where(and(...where))
    .orderBy(asc(cases.dueAt), asc(cases.id))
    .limit(filter.limit + 1);
  const page: QueueRow[] = rows
    .slice(0, filter.limit)
    .map((r) => ({ ...r, dueAt: r.dueAt!, abilities: caseAbilities(ctx, r) }));
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor: rows.length > filter.limit && last ? `${last.dueAt.toISOString()}_${last.id}` : null,
    filter,
    now,
  };
}

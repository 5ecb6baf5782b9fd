import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import type { AuditEventInput } from "@/db/audit-chain";
import { cases, determinations, users } from "@/db/schema";
import { canTransition } from "@/lib/case-lifecycle";
import { CLAIMABLE, formatPlanDateTime, isDecided, STATUS_LABELS, type CaseStatus } from "@/lib/domain";
import { audit, type ServiceContext } from "../context";
import { ConflictError, ForbiddenError } from "../errors";
import { isPhysicianOnly } from "./abilities";
import { getCaseInScope } from "./get-case-in-scope";
import { emitCaseEvents } from "../notifications/emit";

/**
 * The case state machine: every status change of every service goes through `lockCase` then
 * `moveCase` (or `changeCase`, the service's own records, `recordCaseChange`), in one transaction
 * (`withTransaction`):
 *   scoped lock → version check → lifecycle check (canTransition) → conditional UPDATE → on a
 *   lost race, a conflict naming who got there first → records → notices → audit.
 */

export type CaseRow = typeof cases.$inferSelect;
export type CaseChange = Partial<Omit<typeof cases.$inferInsert, "id" | "version">>;

export interface LockOptions {
  /** The audited action (for a refusal's record). */
  action: string;
  /** The statuses the caller may act on; anything else is a conflict. */
  statuses?: readonly CaseStatus[];
  /** The viewer must hold (be assigned) the case. */
  mustHold?: boolean;
  /** Review side: a case routed to physicians is refused to other reviewers (audited). */
  physicianRouting?: boolean;
  /** The message when the status is not one of `statuses` (default: who got there first). */
  notInStatus?: string | ((row: CaseRow) => string);
  /** The message when the version is not the one the person saw (default: who got there first). */
  staleVersion?: string;
}

/**
 * Loads the case in the viewer's scope and locks its row (a miss is an audited 404, recorded after
 * the rollback), then checks it is as the person saw it: at `version`, in one of `statuses`, held
 * by the viewer when `mustHold`, and open to the viewer's role when `physicianRouting`.
 */
export async function lockCase(
  ctx: ServiceContext,
  tx: Tx,
  input: { caseId: string; version?: number },
  options: LockOptions,
): Promise<CaseRow> {
  const row = await getCaseInScope(ctx, input.caseId, tx, { forUpdate: true });
  if (options.physicianRouting) {
    // A nurse who holds a case that became physician-only (e.g. the provider's new facts are not
    // addressed by the policy) may still give it back: refusing the release would leave it stuck.
    const releasingOwnClaim =
      options.action === "case.release" && !!row.assigneeId && row.assigneeId === ctx.viewer.userId;
    if (isPhysicianOnly(row) && ctx.viewer.role !== "physician_reviewer" && !releasingOwnClaim)
      throw new AuditedRefusal("This case is routed to physician reviewers.", options.action, {
        caseId: row.id,
        reason: "case is routed to physician reviewers",
      });
  }
  const statusOk = !options.statuses || options.statuses.includes(row.status);
  const versionOk = input.version === undefined || row.version === input.version;
  if (!statusOk && options.notInStatus !== undefined)
    throw new ConflictError(typeof options.notInStatus === "string" ? options.notInStatus : options.notInStatus(row));
  if (!versionOk && options.staleVersion !== undefined) throw new ConflictError(options.staleVersion);
  const held = !options.mustHold || row.assigneeId === ctx.viewer.userId;
  if (!statusOk || !versionOk || !held) {
    if (options.mustHold && versionOk && !row.assigneeId && CLAIMABLE.includes(row.status))
      throw new ConflictError("Claim this case before deciding it.");
    throw new ConflictError(await describeCaseConflict(tx, row, ctx.viewer.userId));
  }
  return row;
}

/** The refusal of a move the lifecycle table does not allow. */
export function lifecycleRefusal(from: CaseStatus, to: CaseStatus): string {
  return `A case that is ${STATUS_LABELS[from].toLowerCase()} cannot become ${STATUS_LABELS[to].toLowerCase()}.`;
}

/** The audit event of a move: given, or built from the case after it (e.g. to name its new version). */
export type MoveAudit = AuditEventInput | ((after: CaseRow) => AuditEventInput);

/** A case as `changeCase` read and left it. */
export interface CaseChanged {
  before: CaseRow;
  after: CaseRow;
  /** The change set a status (the audit details then get `from` and `to`). */
  statusSet: boolean;
}

/**
 * Changes the case read by `lockCase`: only a move the lifecycle allows, only from the state and
 * version read (conditional UPDATE; no row means someone else won, and the conflict says who).
 * The service then writes the move's own records, and ends with `recordCaseChange`.
 */
export async function changeCase(ctx: ServiceContext, tx: Tx, row: CaseRow, change: CaseChange): Promise<CaseChanged> {
  const actor = ctx.viewer.role === "policy_engine" ? "engine" : "person";
  if (change.status !== undefined && !canTransition(row.status, change.status, actor))
    throw new ConflictError(lifecycleRefusal(row.status, change.status));
  const [after] = await tx
    .update(cases)
    .set({ updatedAt: sql`now()`, ...change, version: row.version + 1 })
    .where(and(eq(cases.id, row.id), eq(cases.status, row.status), eq(cases.version, row.version)))
    .returning();
  if (!after) return throwCaseConflict(tx, row.id, ctx.viewer.userId);
  return { before: row, after, statusSet: change.status !== undefined };
}

/** The notices a case change causes, then its audit event, whose details get `from` and `to` when the status was set. */
export async function recordCaseChange(
  ctx: ServiceContext,
  tx: Tx,
  { before, after, statusSet }: CaseChanged,
  event: AuditEventInput,
): Promise<void> {
  const moved = statusSet ? { from: before.status, to: after.status } : {};
  // The notices this change causes (bell, email, webhooks): committed or rolled back with it.
  await emitCaseEvents(tx, event.action, before, after);
  // The audit event last: its append holds the chain's lock until the commit, so nothing else may follow it.
  await audit(tx, ctx, { ...event, details: { ...moved, ...event.details } });
}

/** `changeCase` then `recordCaseChange`, for a move that writes no record of its own. */
export async function moveCase(
  ctx: ServiceContext,
  tx: Tx,
  row: CaseRow,
  change: CaseChange,
  event: MoveAudit,
): Promise<CaseRow> {
  const changed = await changeCase(ctx, tx, row, change);
  await recordCaseChange(ctx, tx, changed, typeof event === "function" ? event(changed.after) : event);
  return changed.after;
}

/**
 * The message a person sees when someone else got there first: who decided or holds the case
 * and since when. Their own typed work stays in the form (and a reviewer's in review_drafts).
 */
export async function describeCaseConflict(db: Db, current: CaseRow, viewerId: string): Promise<string> {
  const keep = " Your notes are kept.";
  const [latest] = await db
    .select({ decision: determinations.decision, decidedAt: determinations.decidedAt, name: users.name })
    .from(determinations)
    .innerJoin(users, eq(users.id, determinations.reviewerId))
    .where(eq(determinations.caseId, current.id))
    .orderBy(desc(determinations.decidedAt))
    .limit(1);
  if (latest && isDecided(current.status))
    return `Decided by ${latest.name} at ${formatPlanDateTime(latest.decidedAt)} (${STATUS_LABELS[current.status]}).${keep}`;
  if (current.assigneeId && current.assigneeId !== viewerId) {
    const [holder] = await db.select({ name: users.name }).from(users).where(eq(users.id, current.assigneeId)).limit(1);
    return `Claimed by ${holder?.name ?? "another reviewer"}${current.claimedAt ? ` at ${formatPlanDateTime(current.claimedAt)}` : ""}.${keep}`;
  }
  return `This case changed since you opened it (it is now "${STATUS_LABELS[current.status]}"). Reload to see it.${keep}`;
}

/** Throws the conflict for the case as it is now (re-read: the caller's copy may be stale). */
async function throwCaseConflict(db: Db, caseId: string, viewerId: string): Promise<never> {
  const [current] = await db.select().from(cases).where(eq(cases.id, caseId)).limit(1);
  throw new ConflictError(
    current ? await describeCaseConflict(db, current, viewerId) : "This case changed since you opened it.",
  );
}

/** A refusal found inside a transaction; `withTransaction` records it after the rollback. */
export class AuditedRefusal extends ForbiddenError {
  constructor(message: string, action: string, target: { caseId: string; reason: string }) {
    super(message);
    this.deferredRefusal = { action, type: "case", id: target.caseId, caseId: target.caseId, reason: target.reason };
  }
}

import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cases, type CaseStatus } from "@/db/schema";
import { canTransition, STATUS_LABELS } from "@/lib/case-lifecycle";
import { caseScope } from "../cases/get-case-in-scope";
import { withTransaction, type ServiceContext } from "../context";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { describeCaseConflict, throwCaseConflict } from "./case-conflict";

export type CaseRow = typeof cases.$inferSelect;

/** Cases a nurse may not take: routed to physicians (not addressed by the policy, escalated) and appeals. */
export function isPhysicianOnly(row: Pick<CaseRow, "physicianOnly" | "status" | "engineOutcome">): boolean {
  return row.physicianOnly || row.engineOutcome === "not_addressed_by_policy" || row.status === "appeal_submitted" || row.status === "appeal_in_review";
}

/**
 * Loads the case in scope and locks its row, then checks it is as the reviewer saw it: in one of
 * `statuses`, at `version`, and (when `mustHold`) claimed by the viewer. Anything else is a
 * conflict that says who got there first.
 */
export async function lockCaseForReview(
  ctx: ServiceContext,
  tx: Db,
  input: { caseId: string; version: number },
  statuses: readonly CaseStatus[],
  options: { mustHold: boolean; action: string },
): Promise<CaseRow> {
  // getCaseInScope's scope, but a miss is recorded after the transaction (see AuditedRefusal).
  const [row] = await tx.select().from(cases).where(and(eq(cases.id, input.caseId), caseScope(ctx))).limit(1).for("update");
  if (!row) throw new AuditedNotFound(input.caseId);
  // A nurse who holds a case that became physician-only (e.g. the provider's new facts are not
  // addressed by the policy) may still give it back: refusing the release would leave it stuck.
  const releasingOwnClaim = options.action === "case.release" && !!row.assigneeId && row.assigneeId === ctx.viewer.userId;
  if (isPhysicianOnly(row) && ctx.viewer.role !== "physician_reviewer" && !releasingOwnClaim)
    throw new AuditedRefusal("This case is routed to physician reviewers.", options.action, { caseId: row.id, reason: "case is routed to physician reviewers" });
  const held = !options.mustHold || row.assigneeId === ctx.viewer.userId;
  if (!statuses.includes(row.status) || row.version !== input.version || !held) {
    if (options.mustHold && row.version === input.version && !row.assigneeId && (row.status === "submitted" || row.status === "appeal_submitted"))
      throw new ConflictError("Claim this case before deciding it.");
    throw new ConflictError(await describeCaseConflict(tx, row, ctx.viewer.userId));
  }
  return row;
}

/**
 * The conditional UPDATE: only from the state and version read; no row means someone else won.
 * A status change must be one the lifecycle allows (lib/case-lifecycle.ts TRANSITIONS).
 */
export async function moveCase(
  ctx: ServiceContext,
  tx: Db,
  row: CaseRow,
  set: Partial<typeof cases.$inferInsert>,
): Promise<CaseRow> {
  if (set.status !== undefined && !canTransition(row.status, set.status))
    throw new ConflictError(`A case that is ${STATUS_LABELS[row.status].toLowerCase()} cannot become ${STATUS_LABELS[set.status].toLowerCase()}.`);
  const [after] = await tx
    .update(cases)
    .set({ ...set, version: row.version + 1, updatedAt: sql`now()` })
    .where(and(eq(cases.id, row.id), eq(cases.status, row.status), eq(cases.version, row.version)))
    .returning();
  if (!after) return throwCaseConflict(tx, row.id, ctx.viewer.userId);
  return after;
}

/** A refusal found inside a transaction; `withTransaction` records it after the rollback. */
export class AuditedRefusal extends ForbiddenError {
  constructor(message: string, action: string, target: { caseId: string; reason: string }) {
    super(message);
    this.deferredRefusal = { action, type: "case", id: target.caseId, caseId: target.caseId, reason: target.reason };
  }
}

export class AuditedNotFound extends NotFoundError {
  constructor(caseId: string) {
    super("case");
    this.deferredRefusal = { action: "case.read", type: "case", id: caseId, reason: "not found or out of scope" };
  }
}

/** Kept as the review services' name for `withTransaction`, which records deferred refusals. */
export const reviewTransaction = withTransaction;

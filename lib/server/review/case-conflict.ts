import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cases, determinations, users } from "@/db/schema";
import { STATUS_LABELS } from "@/lib/case-lifecycle";
import { formatPlanDateTime } from "@/lib/plan-time";
import { ConflictError } from "../errors";

type CaseRow = typeof cases.$inferSelect;

const when = formatPlanDateTime;

/**
 * The message a reviewer sees when someone else got there first: who decided or holds the case
 * and since when. Their own typed work stays in the form and in review_drafts.
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
  if (latest && ["approved", "denied", "appeal_upheld", "appeal_overturned"].includes(current.status))
    return `Decided by ${latest.name} at ${when(latest.decidedAt)} (${STATUS_LABELS[current.status]}).${keep}`;
  if (current.assigneeId && current.assigneeId !== viewerId) {
    const [holder] = await db.select({ name: users.name }).from(users).where(eq(users.id, current.assigneeId)).limit(1);
    return `Claimed by ${holder?.name ?? "another reviewer"}${current.claimedAt ? ` at ${when(current.claimedAt)}` : ""}.${keep}`;
  }
  return `This case changed since you opened it (it is now "${STATUS_LABELS[current.status]}"). Reload to see it.${keep}`;
}

/** Throws the conflict for the case as it is now (re-read: the caller's copy may be stale). */
export async function throwCaseConflict(db: Db, caseId: string, viewerId: string): Promise<never> {
  const [current] = await db.select().from(cases).where(eq(cases.id, caseId)).limit(1);
  throw new ConflictError(current ? await describeCaseConflict(db, current, viewerId) : "This case changed since you opened it.");
}

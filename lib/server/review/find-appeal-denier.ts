import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appeals, determinations } from "@/db/schema";

/** The appeal under way on a case and the physician whose denial it appeals (null when none). */
export async function findOpenAppeal(tx: Db, caseId: string) {
  const [row] = await tx
    .select({
      appealId: appeals.id,
      deniedDeterminationId: appeals.deniedDeterminationId,
      denierId: determinations.reviewerId,
      filedAt: appeals.filedAt,
      dueAt: appeals.dueAt,
      reason: appeals.reason,
    })
    .from(appeals)
    .innerJoin(determinations, eq(determinations.id, appeals.deniedDeterminationId))
    .where(and(eq(appeals.caseId, caseId)))
    .orderBy(desc(appeals.filedAt))
    .limit(1);
  return row ?? null;
}

export async function findAppealDenier(tx: Db, caseId: string): Promise<string | null> {
  return (await findOpenAppeal(tx, caseId))?.denierId ?? null;
}

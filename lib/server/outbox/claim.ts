// No "server-only": the outbox worker (started from instrumentation.ts) runs it.
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outbox } from "@/db/schema";

/**
 * Claims due messages of one channel for an HTTP delivery: FOR UPDATE SKIP LOCKED, and leased
 * (attempts + 1, next attempt pushed `leaseMs` ahead) in one short transaction, so racing workers
 * in several instances never take the same message, no transaction stays open during HTTP, and a
 * crashed worker's message is retried once the lease runs out. `only`: just these messages.
 */
export async function claimDueMessages(
  db: Db,
  channel: string,
  { now, limit, leaseMs, only }: { now: Date; limit: number; leaseMs: number; only?: string[] },
) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.channel, channel),
          eq(outbox.status, "pending"),
          lte(outbox.nextAttemptAt, now),
          only ? inArray(outbox.id, only) : undefined,
        ),
      )
      .orderBy(outbox.nextAttemptAt)
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length)
      await tx
        .update(outbox)
        .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs) })
        .where(
          inArray(
            outbox.id,
            due.map((r) => r.id),
          ),
        );
    return due;
  });
}

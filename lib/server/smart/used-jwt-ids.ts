import "server-only";
import { lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { usedJwtIds } from "@/db/schema";

/**
 * Accepts a signed assertion's `jti` once per issuer, in the database so every instance agrees:
 * true the first time, false for a replay. Kept until the assertion expires (after that its `exp`
 * refuses it anyway); expired ids are swept now and then by the same call.
 */
export async function acceptJwtIdOnce(db: Db, issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
  const inserted = await db
    .insert(usedJwtIds)
    .values({ issuer, jti, expiresAt })
    .onConflictDoNothing()
    .returning({ jti: usedJwtIds.jti });
  if (Math.random() < 0.01)
    await db.delete(usedJwtIds).where(lt(usedJwtIds.expiresAt, sql`now() - interval '5 minutes'`));
  return inserted.length === 1;
}

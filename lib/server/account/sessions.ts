import "server-only";
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { userSessions } from "@/db/schema";
import { endSessionInput } from "@/lib/validation/account";
import { parseInput } from "../parse-input";
import { audit, refuseNotFound, withTransaction, type ServiceContext } from "../context";

/**
 * Ends a user's open sign-ins inside the caller's transaction: the next request with any of
 * them is refused (the viewer is re-read with its session on every request). `except` keeps
 * one (the current one on a password change); `only` ends just one. Returns how many ended.
 */
export async function endSessions(
  tx: Db,
  userId: string,
  reason: string,
  opts: { except?: string; only?: string } = {},
): Promise<number> {
  const rows = await tx
    .update(userSessions)
    .set({ endedAt: new Date(), endedReason: reason })
    .where(
      and(
        eq(userSessions.userId, userId),
        isNull(userSessions.endedAt),
        opts.except ? ne(userSessions.id, opts.except) : undefined,
        opts.only ? eq(userSessions.id, opts.only) : undefined,
      ),
    )
    .returning({ id: userSessions.id });
  return rows.length;
}

/** "Your sessions": the viewer's open sign-ins, newest first (the address and browser they came from). */
export async function listMySessions(ctx: ServiceContext) {
  const rows = await ctx.db
    .select({
      id: userSessions.id,
      ip: userSessions.ip,
      userAgent: userSessions.userAgent,
      createdAt: userSessions.createdAt,
    })
    .from(userSessions)
    .where(and(eq(userSessions.userId, ctx.viewer.userId), isNull(userSessions.endedAt)))
    .orderBy(desc(userSessions.createdAt))
    .limit(100);
  return rows.map((r) => ({ ...r, current: r.id === ctx.viewer.sessionId }));
}

/** Ends one of the viewer's own sign-ins (another person's: 404, audited). */
export async function endMySession(ctx: ServiceContext, input: unknown): Promise<{ ended: number }> {
  const { sessionId } = parseInput(endSessionInput, input);
  return withTransaction(ctx, async (tx) => {
    const ended = await endSessions(tx, ctx.viewer.userId, "ended by the user", { only: sessionId });
    if (!ended) return refuseNotFound(ctx, "session.end", { type: "session", id: sessionId.slice(0, 8) }, tx);
    await audit(tx, ctx, {
      action: "session.end",
      targetType: "session",
      targetId: sessionId.slice(0, 8),
      details: { own: sessionId === ctx.viewer.sessionId },
    });
    return { ended };
  });
}

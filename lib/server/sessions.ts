import "server-only";
import { revokedSessions } from "@/db/schema";
import { audit, withTransaction, type ServiceContext } from "./context";

/** Signs the viewer out on the server: a JWT lives in a cookie that may have been copied, so its id is revoked (audited). */
export async function revokeSession(ctx: ServiceContext, sessionId: string | null | undefined): Promise<void> {
  await withTransaction(ctx, async (tx) => {
    if (sessionId) await tx.insert(revokedSessions).values({ sessionId, userId: ctx.viewer.userId }).onConflictDoNothing();
    await audit(tx, ctx, { action: "auth.sign_out", targetType: "user", targetId: ctx.viewer.userId });
  });
}

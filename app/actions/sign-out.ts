"use server";
import { revokedSessions } from "@/db/schema";
import { endSessions } from "@/lib/server/account/sessions";
import { auth, signOut } from "@/lib/auth";
import { audit, withTransaction } from "@/lib/server/context";
import { currentViewer, serviceContext } from "@/lib/server/viewer";

export async function signOutAction(): Promise<void> {
  if (await currentViewer()) {
    const ctx = await serviceContext();
    // A JWT session lives in a cookie that may have been copied: revoke its id on the server.
    const sessionId = (await auth())?.sessionId;
    await withTransaction(ctx, async (tx) => {
      if (sessionId) {
        await tx.insert(revokedSessions).values({ sessionId, userId: ctx.viewer.userId }).onConflictDoNothing();
        await endSessions(tx, ctx.viewer.userId, "signed out", { only: sessionId });
      }
      await audit(tx, ctx, { action: "auth.sign_out", targetType: "user", targetId: ctx.viewer.userId });
    });
  }
  await signOut({ redirectTo: "/login" });
}

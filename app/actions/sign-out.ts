"use server";
import { signOut } from "@/lib/auth";
import { audit, withTransaction } from "@/lib/server/context";
import { currentViewer, serviceContext } from "@/lib/server/viewer";

export async function signOutAction(): Promise<void> {
  if (await currentViewer()) {
    const ctx = await serviceContext();
    await withTransaction(ctx, (tx) => audit(tx, ctx, { action: "auth.sign_out", targetType: "user", targetId: ctx.viewer.userId }));
  }
  await signOut({ redirectTo: "/login" });
}

"use server";
import { auth, signOut } from "@/lib/auth";
import { revokeSession } from "@/lib/server/sessions";
import { currentViewer, serviceContext } from "@/lib/server/viewer";

export async function signOutAction(): Promise<void> {
  if (await currentViewer()) await revokeSession(await serviceContext(), (await auth())?.sessionId);
  await signOut({ redirectTo: "/login" });
}

"use server";
import { signOut } from "@/lib/auth";

/** Signs out; Auth.js's sign-out event revokes the session on the server and records it (lib/auth). */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}

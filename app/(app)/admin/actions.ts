"use server";
import { revalidatePath } from "next/cache";
import { ok, rethrowIfNavigation, toActionResult, type ActionResult } from "@/lib/server/errors";
import type { ServiceContext } from "@/lib/server/context";
import { publicBaseUrl, serviceContext } from "@/lib/server/viewer";
import { changeRole, inviteUser, resendInvitation, revokeInvitation, setUserActive, signOutEverywhere } from "@/lib/server/admin/accounts";
import { addCredential, removeCredential } from "@/lib/server/admin/credentials";
import { revokeAnyApiKey } from "@/lib/server/api-keys/revoke-api-key";
import { resetTwoFactor, setRequireStaffTwoFactor } from "@/lib/server/auth/two-factor";
import { createOrganization, renameOrganization, setOrganizationActive } from "@/lib/server/admin/organizations";

/** Runs an admin service for the signed-in viewer; every service checks the role itself (and audits refusals). */
async function run(fn: (ctx: ServiceContext) => Promise<unknown>): Promise<ActionResult<null>> {
  try {
    await fn(await serviceContext());
    revalidatePath("/admin", "layout");
    return ok(null);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

const fields = (fd: FormData) => Object.fromEntries([...fd.entries()].filter(([k]) => !k.startsWith("$")).map(([k, v]) => [k, typeof v === "string" ? v : ""]));
const flag = (fd: FormData, name: string) => fd.get(name) === "true";

export async function inviteUserAction(fd: FormData) {
  return run(async (ctx) => inviteUser(ctx, fields(fd), await publicBaseUrl()));
}
export async function resendInvitationAction(fd: FormData) {
  return run(async (ctx) => resendInvitation(ctx, fields(fd), await publicBaseUrl()));
}
export async function revokeInvitationAction(fd: FormData) {
  return run((ctx) => revokeInvitation(ctx, fields(fd)));
}
export async function changeRoleAction(fd: FormData) {
  return run((ctx) => changeRole(ctx, fields(fd)));
}
export async function setUserActiveAction(fd: FormData) {
  return run((ctx) => setUserActive(ctx, { userId: fd.get("userId"), active: flag(fd, "active") }));
}
export async function signOutEverywhereAction(fd: FormData) {
  return run((ctx) => signOutEverywhere(ctx, fields(fd)));
}
export async function createOrganizationAction(fd: FormData) {
  return run((ctx) => createOrganization(ctx, fields(fd)));
}
export async function renameOrganizationAction(fd: FormData) {
  return run((ctx) => renameOrganization(ctx, fields(fd)));
}
export async function setOrganizationActiveAction(fd: FormData) {
  return run((ctx) => setOrganizationActive(ctx, { organizationId: fd.get("organizationId"), active: flag(fd, "active") }));
}

export async function revokeAnyApiKeyAction(fd: FormData) {
  return run((ctx) => revokeAnyApiKey(ctx, fields(fd)));
}
export async function addCredentialAction(fd: FormData) {
  return run((ctx) => addCredential(ctx, fields(fd)));
}
export async function removeCredentialAction(fd: FormData) {
  return run((ctx) => removeCredential(ctx, fields(fd)));
}
export async function setRequireStaffTwoFactorAction(fd: FormData) {
  return run((ctx) => setRequireStaffTwoFactor(ctx, { required: fd.get("required") }));
}
export async function resetTwoFactorAction(fd: FormData) {
  return run((ctx) => resetTwoFactor(ctx, fields(fd)));
}

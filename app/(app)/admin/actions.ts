"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import type { ServiceContext } from "@/lib/server/context";
import { serviceContext } from "@/lib/server/viewer";
import { portalBaseUrl } from "@/lib/server/portal-address";
import {
  changeRole,
  inviteUser,
  resendInvitation,
  revokeInvitation,
  setUserActive,
  signOutEverywhere,
} from "@/lib/server/admin/accounts";
import { addCredential, editCredential, removeCredential } from "@/lib/server/admin/credentials";
import { revokeAnyApiKey } from "@/lib/server/api-keys/revoke-api-key";
import { resetTwoFactor, setRequireStaffTwoFactor } from "@/lib/server/auth/two-factor-settings";
import { createOrganization, renameOrganization, setOrganizationActive } from "@/lib/server/admin/organizations";
import { setAutomationSettings } from "@/lib/server/automation/settings";
import { revokeGoldCard, runGoldCardEvaluation, setGoldCardSettings } from "@/lib/server/automation/gold-cards";
import { registerEhrClient, revokeEhrClient, setAllowApiKeysOnFhir } from "@/lib/server/smart/ehr-clients";

/** An admin action: runs its service for the signed-in viewer; every service checks the role itself (and audits refusals). */
const adminAction = (service: (ctx: ServiceContext, fd: FormData) => Promise<unknown>) =>
  action(async (fd: FormData) => {
    await service(await serviceContext(), fd);
    revalidatePath("/admin", "layout");
    return null;
  });

const fields = (fd: FormData) =>
  Object.fromEntries(
    [...fd.entries()].filter(([k]) => !k.startsWith("$")).map(([k, v]) => [k, typeof v === "string" ? v : ""]),
  );
const flag = (fd: FormData, name: string) => fd.get(name) === "true";

export const inviteUserAction = adminAction(async (ctx, fd) => inviteUser(ctx, fields(fd), portalBaseUrl()));
export const resendInvitationAction = adminAction(async (ctx, fd) =>
  resendInvitation(ctx, fields(fd), portalBaseUrl()),
);
export const revokeInvitationAction = adminAction((ctx, fd) => revokeInvitation(ctx, fields(fd)));
export const changeRoleAction = adminAction((ctx, fd) => changeRole(ctx, fields(fd)));
export const setUserActiveAction = adminAction((ctx, fd) =>
  setUserActive(ctx, { userId: fd.get("userId"), active: flag(fd, "active") }),
);
export const signOutEverywhereAction = adminAction((ctx, fd) => signOutEverywhere(ctx, fields(fd)));
export const createOrganizationAction = adminAction((ctx, fd) => createOrganization(ctx, fields(fd)));
export const renameOrganizationAction = adminAction((ctx, fd) => renameOrganization(ctx, fields(fd)));
export const setOrganizationActiveAction = adminAction((ctx, fd) =>
  setOrganizationActive(ctx, { organizationId: fd.get("organizationId"), active: flag(fd, "active") }),
);

export const revokeAnyApiKeyAction = adminAction((ctx, fd) => revokeAnyApiKey(ctx, fields(fd)));
export const addCredentialAction = adminAction((ctx, fd) => addCredential(ctx, fields(fd)));
export const editCredentialAction = adminAction((ctx, fd) => editCredential(ctx, fields(fd)));
export const removeCredentialAction = adminAction((ctx, fd) => removeCredential(ctx, fields(fd)));
export const setRequireStaffTwoFactorAction = adminAction((ctx, fd) =>
  setRequireStaffTwoFactor(ctx, { required: fd.get("required") }),
);
export const resetTwoFactorAction = adminAction((ctx, fd) => resetTwoFactor(ctx, fields(fd)));

/** The form's "organization:person" choice and its scope checkboxes, as the registration schema reads them. */
export const registerEhrClientAction = adminAction((ctx, fd) => {
  const [organizationId = "", actingUserId = ""] = String(fd.get("actingChoice") ?? "").split(":");
  return registerEhrClient(ctx, { ...fields(fd), organizationId, actingUserId, scopes: fd.getAll("scopes") });
});
export const revokeEhrClientAction = adminAction((ctx, fd) => revokeEhrClient(ctx, fields(fd)));
export const setAutomationSettingsAction = adminAction((ctx, fd) =>
  setAutomationSettings(ctx, { enabled: fd.getAll("enabled"), qaSamplePercent: fd.get("qaSamplePercent") }),
);

export const setGoldCardSettingsAction = adminAction((ctx, fd) => setGoldCardSettings(ctx, fields(fd)));
export const revokeGoldCardAction = adminAction((ctx, fd) => revokeGoldCard(ctx, fields(fd)));
export const runGoldCardEvaluationAction = adminAction((ctx) => runGoldCardEvaluation(ctx));

export const setAllowApiKeysOnFhirAction = adminAction((ctx, fd) =>
  setAllowApiKeysOnFhir(ctx, { allowed: fd.get("allowed") }),
);

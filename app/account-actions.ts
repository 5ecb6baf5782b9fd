"use server";
import { redirect } from "next/navigation";
import { publicAccount } from "@/lib/server/account/passwords";
import { action } from "@/lib/server/action";
import { requestMeta } from "@/lib/server/viewer";
import { portalBaseUrl } from "@/lib/server/portal-address";

/** Public: the invitation and reset links carry their own proof (a single-use token). */
export const acceptInvitationAction = action(async (fd: FormData): Promise<null> => {
  await publicAccount.acceptInvitation({ token: fd.get("token"), password: fd.get("password") }, await requestMeta());
  redirect(`/login?notice=account-ready`);
});

export const forgotPasswordAction = action(async (fd: FormData) => {
  await publicAccount.requestPasswordReset({ email: fd.get("email") }, portalBaseUrl(), await requestMeta());
  return null;
});

export const resetPasswordAction = action(async (fd: FormData): Promise<null> => {
  await publicAccount.resetPassword({ token: fd.get("token"), password: fd.get("password") }, await requestMeta());
  redirect(`/login?notice=password-reset`);
});

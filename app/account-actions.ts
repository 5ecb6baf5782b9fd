"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SIGN_IN_EMAIL_COOKIE } from "@/lib/auth/sign-in-email";
import { publicAccount } from "@/lib/server/account/passwords";
import { action } from "@/lib/server/action";
import { requestMeta } from "@/lib/server/viewer";
import { portalBaseUrl } from "@/lib/server/portal-address";

/** Public: the invitation and reset links carry their own proof (a single-use token). */
export const acceptInvitationAction = action(async (fd: FormData): Promise<null> => {
  const account = await publicAccount.acceptInvitation(
    { token: fd.get("token"), password: fd.get("password") },
    await requestMeta(),
  );
  // The sign-in form starts with the new account's email; a short-lived cookie only the sign-in
  // page reads keeps it out of the URL (and so out of logs and the browser's history).
  (await cookies()).set(SIGN_IN_EMAIL_COOKIE, account.email, {
    path: "/login",
    maxAge: 10 * 60,
    httpOnly: true,
    sameSite: "lax",
    secure: portalBaseUrl().startsWith("https://"),
  });
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

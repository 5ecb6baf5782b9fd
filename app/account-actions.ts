"use server";
import { redirect } from "next/navigation";
import { publicAccount } from "@/lib/server/account/passwords";
import { ok, rethrowIfNavigation, toActionResult, type ActionResult } from "@/lib/server/errors";
import { publicBaseUrl, requestMeta } from "@/lib/server/viewer";

/** Public: the invitation and reset links carry their own proof (a single-use token). */
export async function acceptInvitationAction(fd: FormData): Promise<ActionResult<null>> {
  try {
    await publicAccount.acceptInvitation({ token: fd.get("token"), password: fd.get("password") }, await requestMeta());
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
  redirect(`/login?notice=account-ready`);
}

export async function forgotPasswordAction(fd: FormData): Promise<ActionResult<null>> {
  try {
    await publicAccount.requestPasswordReset({ email: fd.get("email") }, await publicBaseUrl(), await requestMeta());
    return ok(null);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function resetPasswordAction(fd: FormData): Promise<ActionResult<null>> {
  try {
    await publicAccount.resetPassword({ token: fd.get("token"), password: fd.get("password") }, await requestMeta());
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
  redirect(`/login?notice=password-reset`);
}

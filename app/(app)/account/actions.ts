"use server";
import { revalidatePath } from "next/cache";
import { changePassword } from "@/lib/server/account/passwords";
import { endMySession } from "@/lib/server/account/sessions";
import { beginEnrollment, confirmEnrollment, disableTwoFactor } from "@/lib/server/auth/two-factor";
import { ok, rethrowIfNavigation, toActionResult, type ActionResult } from "@/lib/server/errors";
import { serviceContext } from "@/lib/server/viewer";

export async function changePasswordAction(fd: FormData): Promise<ActionResult<null>> {
  try {
    await changePassword(await serviceContext(), { currentPassword: fd.get("currentPassword"), newPassword: fd.get("newPassword") });
    revalidatePath("/account");
    return ok(null);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function endSessionAction(fd: FormData): Promise<ActionResult<null>> {
  try {
    await endMySession(await serviceContext(), { sessionId: fd.get("sessionId") });
    revalidatePath("/account");
    return ok(null);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function beginTwoFactorAction(): Promise<ActionResult<null>> {
  try {
    await beginEnrollment(await serviceContext({ enrolment: true }));
    revalidatePath("/account");
    return ok(null);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

/** Returns the recovery codes once; the page is not revalidated here (the form shows them first, then refreshes). */
export async function confirmTwoFactorAction(fd: FormData): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  try {
    return ok(await confirmEnrollment(await serviceContext({ enrolment: true }), { code: fd.get("code") }));
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function disableTwoFactorAction(fd: FormData): Promise<ActionResult<null>> {
  try {
    await disableTwoFactor(await serviceContext(), { code: fd.get("code") ?? "", password: fd.get("password") ?? "" });
    revalidatePath("/account");
    return ok(null);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

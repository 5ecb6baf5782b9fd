"use server";
import { revalidatePath } from "next/cache";
import { changePassword } from "@/lib/server/account/passwords";
import { endMySession } from "@/lib/server/account/sessions";
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

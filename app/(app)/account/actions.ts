"use server";
import { revalidatePath } from "next/cache";
import { changePassword } from "@/lib/server/account/passwords";
import { endMySession } from "@/lib/server/account/sessions";
import { beginEnrollment, confirmEnrollment, disableTwoFactor } from "@/lib/server/auth/two-factor-enrolment";
import { action } from "@/lib/server/action";
import { serviceContext } from "@/lib/server/viewer";

export const changePasswordAction = action(async (fd: FormData) => {
  await changePassword(await serviceContext(), {
    currentPassword: fd.get("currentPassword"),
    newPassword: fd.get("newPassword"),
  });
  revalidatePath("/account");
  return null;
});

export const endSessionAction = action(async (fd: FormData) => {
  await endMySession(await serviceContext(), { sessionId: fd.get("sessionId") });
  revalidatePath("/account");
  return null;
});

export const beginTwoFactorAction = action(async () => {
  await beginEnrollment(await serviceContext({ enrolment: true }));
  revalidatePath("/account");
  return null;
});

/** Returns the recovery codes once; the page is not revalidated here (the form shows them first, then refreshes). */
export const confirmTwoFactorAction = action(async (fd: FormData) =>
  confirmEnrollment(await serviceContext({ enrolment: true }), { code: fd.get("code") }),
);

export const disableTwoFactorAction = action(async (fd: FormData) => {
  await disableTwoFactor(await serviceContext(), { code: fd.get("code") ?? "", password: fd.get("password") ?? "" });
  revalidatePath("/account");
  return null;
});

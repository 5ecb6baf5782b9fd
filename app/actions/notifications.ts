"use server";
import { revalidatePath } from "next/cache";
import { NOTIFICATION_EVENTS } from "@/lib/domain";
import { ok, rethrowIfNavigation, toActionResult, type ActionResult } from "@/lib/server/errors";
import { serviceContext } from "@/lib/server/viewer";
import { markAllNotificationsRead, markNotificationRead, setNotificationPreferences } from "@/lib/server/notifications/notifications";

/** Marks one read and answers where it leads (the client then opens it). */
export async function markNotificationReadAction(input: unknown): Promise<ActionResult<{ link: string }>> {
  try {
    const r = await markNotificationRead(await serviceContext(), input);
    revalidatePath("/notifications");
    return ok(r);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function markAllNotificationsReadAction(): Promise<ActionResult<{ count: number }>> {
  try {
    const r = await markAllNotificationsRead(await serviceContext());
    revalidatePath("/notifications");
    return ok(r);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

/** The email preferences form (a checkbox per event, one mode). */
export async function saveNotificationPreferencesAction(form: FormData): Promise<ActionResult<unknown>> {
  try {
    const chosen = form.getAll("emailEvents").map(String);
    const r = await setNotificationPreferences(await serviceContext(), { emailMode: form.get("emailMode"), emailEvents: chosen.filter((e) => (NOTIFICATION_EVENTS as readonly string[]).includes(e)) });
    revalidatePath("/notifications");
    return ok(r);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

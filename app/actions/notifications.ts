"use server";
import { revalidatePath } from "next/cache";
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
    // Every ticked event goes to the service: an unknown one is refused by the shared schema, by name.
    const r = await setNotificationPreferences(await serviceContext(), { emailMode: form.get("emailMode"), emailEvents: form.getAll("emailEvents").map(String) });
    revalidatePath("/notifications");
    return ok(r);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

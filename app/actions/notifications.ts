"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import { serviceContext } from "@/lib/server/viewer";
import {
  markAllNotificationsRead,
  markNotificationRead,
  setNotificationPreferences,
} from "@/lib/server/notifications/notifications";

/** Marks one read and answers where it leads (the client then opens it). */
export const markNotificationReadAction = action(async (input: unknown) => {
  const r = await markNotificationRead(await serviceContext(), input);
  revalidatePath("/notifications");
  return r;
});

export const markAllNotificationsReadAction = action(async () => {
  const r = await markAllNotificationsRead(await serviceContext());
  revalidatePath("/notifications");
  return r;
});

/** The email preferences form (a checkbox per event, one mode). */
export const saveNotificationPreferencesAction = action(async (form: FormData): Promise<unknown> => {
  // Every ticked event goes to the service: an unknown one is refused by the shared schema, by name.
  const r = await setNotificationPreferences(await serviceContext(), {
    emailMode: form.get("emailMode"),
    emailEvents: form.getAll("emailEvents").map(String),
  });
  revalidatePath("/notifications");
  return r;
});

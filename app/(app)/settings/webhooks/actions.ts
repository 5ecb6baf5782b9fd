"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import { serviceContext } from "@/lib/server/viewer";
import { createWebhookEndpoint, disableWebhookEndpoint, sendWebhookTestEvent } from "@/lib/server/webhooks/endpoints";

export const createWebhookEndpointAction = action(async (input: unknown) => {
  // The input goes to the service whole: an unknown event is refused by the shared schema, by name.
  const created = await createWebhookEndpoint(await serviceContext(), input);
  revalidatePath("/settings/webhooks");
  return created;
});

export const disableWebhookEndpointAction = action(async (input: unknown) => {
  const r = await disableWebhookEndpoint(await serviceContext(), input);
  revalidatePath("/settings/webhooks");
  return r;
});

export const sendWebhookTestEventAction = action(async (input: unknown) => {
  const r = await sendWebhookTestEvent(await serviceContext(), input);
  revalidatePath("/settings/webhooks");
  return r;
});

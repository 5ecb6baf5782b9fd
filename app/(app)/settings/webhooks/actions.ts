"use server";
import { revalidatePath } from "next/cache";
import { ok, rethrowIfNavigation, toActionResult, type ActionResult } from "@/lib/server/errors";
import { serviceContext } from "@/lib/server/viewer";
import { createWebhookEndpoint, disableWebhookEndpoint, sendWebhookTestEvent } from "@/lib/server/webhooks/endpoints";

export async function createWebhookEndpointAction(input: unknown): Promise<ActionResult<{ id: string; url: string; secret: string }>> {
  try {
    // The input goes to the service whole: an unknown event is refused by the shared schema, by name.
    const created = await createWebhookEndpoint(await serviceContext(), input);
    revalidatePath("/settings/webhooks");
    return ok(created);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function disableWebhookEndpointAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const r = await disableWebhookEndpoint(await serviceContext(), input);
    revalidatePath("/settings/webhooks");
    return ok(r);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function sendWebhookTestEventAction(input: unknown): Promise<ActionResult<{ messageId: string }>> {
  try {
    const r = await sendWebhookTestEvent(await serviceContext(), input);
    revalidatePath("/settings/webhooks");
    return ok(r);
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

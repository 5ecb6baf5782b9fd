"use server";
import { revalidatePath } from "next/cache";
import { PROVIDER_EVENTS } from "@/lib/domain";
import { ok, rethrowIfNavigation, toActionResult, type ActionResult } from "@/lib/server/errors";
import { serviceContext } from "@/lib/server/viewer";
import { createWebhookEndpoint, disableWebhookEndpoint, sendWebhookTestEvent } from "@/lib/server/webhooks/endpoints";

export async function createWebhookEndpointAction(input: unknown): Promise<ActionResult<{ id: string; url: string; secret: string }>> {
  try {
    const raw = (input ?? {}) as { url?: unknown; events?: unknown };
    const events = Array.isArray(raw.events) ? raw.events.filter((e) => (PROVIDER_EVENTS as readonly unknown[]).includes(e)) : raw.events;
    const created = await createWebhookEndpoint(await serviceContext(), { url: raw.url, events });
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

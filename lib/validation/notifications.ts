import { z } from "./zod";
import { EMAIL_MODES, NOTIFICATION_EVENTS, WEBHOOK_EVENTS } from "@/lib/domain";

export const markReadInput = z.object({ id: z.uuid({ error: "id must be a notification id" }) });

/** A value as it may be quoted back in a message: short and printable (it is an event name, never clinical). */
function quoted(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  const clean = text.replace(/[^\x20-\x7e]/g, "?");
  return JSON.stringify(clean.length > 60 ? `${clean.slice(0, 60)}…` : clean);
}

/**
 * One event name out of `events`. Anything else is refused with a message naming it and the
 * names accepted; never dropped, so a client that misspells an event hears about it and nothing
 * is saved.
 */
function eventName<const E extends readonly [string, ...string[]]>(events: E) {
  return z.enum(events, { error: (iss) => `unknown event ${quoted(iss.input)}; the events are ${events.join(", ")}` });
}

export const notificationPreferencesInput = z.object({
  emailMode: z.enum(EMAIL_MODES, { error: "choose how email should come" }),
  emailEvents: z.array(eventName(NOTIFICATION_EVENTS)).max(NOTIFICATION_EVENTS.length),
});

export const createWebhookEndpointInput = z.object({
  url: z.url({ error: "enter the endpoint's full address (https://…)" }).max(2000),
  events: z.array(eventName(WEBHOOK_EVENTS)).min(1, { error: "choose at least one event" }).max(WEBHOOK_EVENTS.length),
});

export const webhookEndpointIdInput = z.object({ endpointId: z.uuid({ error: "endpointId must be an endpoint id" }) });

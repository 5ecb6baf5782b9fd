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

export const WEBHOOK_URL_MAX_LENGTH = 2000;

/**
 * A webhook endpoint. Every message is a whole sentence for the person at the form (the API
 * gets the same sentences with their fields): which events a role may choose is checked by the
 * service, which knows the role.
 */
export const createWebhookEndpointInput = z.object({
  url: z
    .string({ error: "Enter the endpoint's address." })
    .trim()
    .min(1, { error: "Enter the endpoint's address." })
    .max(WEBHOOK_URL_MAX_LENGTH, {
      error: (iss) =>
        `The address is too long: at most ${WEBHOOK_URL_MAX_LENGTH.toLocaleString("en-US")} characters, and this one has ${String(iss.input).length.toLocaleString("en-US")}.`,
    })
    .pipe(z.url({ error: "The address is not a web address: write it in full, starting with https://" })),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: (iss) => `${quoted(iss.input)} is not a webhook event.` }), {
      error: "Choose at least one event.",
    })
    .min(1, { error: "Choose at least one event." })
    .max(WEBHOOK_EVENTS.length, { error: "Choose each event at most once." }),
});

export const webhookEndpointIdInput = z.object({ endpointId: z.uuid({ error: "endpointId must be an endpoint id" }) });

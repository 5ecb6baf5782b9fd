import { z } from "zod";
import { EMAIL_MODES, NOTIFICATION_EVENTS, PROVIDER_EVENTS } from "@/lib/domain";

export const markReadInput = z.object({ id: z.uuid({ error: "id must be a notification id" }) });

export const notificationPreferencesInput = z.object({
  emailMode: z.enum(EMAIL_MODES, { error: "choose how email should come" }),
  emailEvents: z.array(z.enum(NOTIFICATION_EVENTS, { error: "unknown event" })).max(NOTIFICATION_EVENTS.length),
});

export const createWebhookEndpointInput = z.object({
  url: z.url({ error: "enter the endpoint's full address (https://…)" }).max(2000),
  events: z.array(z.enum(PROVIDER_EVENTS, { error: "unknown event" })).min(1, { error: "choose at least one event" }).max(PROVIDER_EVENTS.length),
});

export const webhookEndpointIdInput = z.object({ endpointId: z.uuid({ error: "endpointId must be an endpoint id" }) });

import "server-only";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { cases, outbox, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { WEBHOOK_EVENT_LABELS, webhookEventsFor } from "@/lib/domain";
import { deliveryOutcome } from "@/lib/webhook-delivery";
import { createWebhookEndpointInput, webhookEndpointIdInput } from "@/lib/validation/notifications";
import { audit, requirePermission, refuseNotFound, withTransaction, type ServiceContext, type Tx } from "../context";
import { ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { loadCaseSummary } from "../cases/case-summary";
import { newWebhookSecret, sealWebhookSecret } from "./webhook-secrets";
import { checkWebhookUrl } from "./url-guard";

const MAX_ENDPOINTS = 10;

/** Registers an endpoint for the viewer's organization; the signing secret is answered once, never again. */
export async function createWebhookEndpoint(
  ctx: ServiceContext,
  input: unknown,
): Promise<{ id: string; url: string; secret: string }> {
  await requirePermission(ctx, "webhook.manage");
  const data = parseInput(createWebhookEndpointInput, input, "webhook endpoint", { sentences: true });
  // Known events, but each role subscribes only to its own (providers: their cases; the plan's
  // administrators: the audit anchor). Refused by name, in the words of the form.
  const allowed = webhookEventsFor(ctx.viewer.role);
  const notYours = [...new Set(data.events.filter((e) => !allowed.includes(e)))];
  if (notYours.length)
    throw new ValidationError(
      `${notYours.map((e) => `"${WEBHOOK_EVENT_LABELS[e]}"`).join(" and ")} ${notYours.length > 1 ? "are not events" : "is not an event"} your organization can subscribe to. Choose from: ${allowed.map((e) => WEBHOOK_EVENT_LABELS[e]).join(", ")}.`,
      notYours.map((e) => ({ path: "events", message: `${e} is not one of your organization's events` })),
    );
  const checked = await checkWebhookUrl(data.url);
  if (!checked.ok)
    throw new ValidationError(`The address ${checked.reason}.`, [{ path: "url", message: checked.reason }]);
  const secret = newWebhookSecret();
  return withTransaction(ctx, async (tx) => {
    const existing = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(
        and(eq(webhookEndpoints.organizationId, ctx.viewer.organizationId), eq(webhookEndpoints.status, "active")),
      );
    if (existing.length >= MAX_ENDPOINTS)
      throw new ValidationError(`An organization may register at most ${MAX_ENDPOINTS} endpoints.`);
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        organizationId: ctx.viewer.organizationId,
        url: checked.url.toString(),
        events: [...new Set(data.events)],
        secretCiphertext: sealWebhookSecret(secret),
        createdBy: ctx.viewer.userId,
      })
      .returning({ id: webhookEndpoints.id, url: webhookEndpoints.url });
    await audit(tx, ctx, {
      action: "webhook.create",
      targetType: "webhook_endpoint",
      targetId: row!.id,
      details: { host: checked.url.host, events: data.events },
    });
    return { id: row!.id, url: row!.url, secret };
  });
}

/** The organization's endpoints (never the secret) with their last delivery. */
export async function listWebhookEndpoints(ctx: ServiceContext) {
  await requirePermission(ctx, "webhook.manage");
  const rows = await ctx.db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      events: webhookEndpoints.events,
      status: webhookEndpoints.status,
      createdAt: webhookEndpoints.createdAt,
      failingSince: webhookEndpoints.failingSince,
    })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.organizationId, ctx.viewer.organizationId))
    .orderBy(desc(webhookEndpoints.createdAt));
  return rows.map((r) => ({ ...r, canSend: r.status !== "disabled" }));
}

/** The endpoint when it is the viewer's organization's; otherwise an audited 404. */
async function endpointInScope(ctx: ServiceContext, endpointId: string, action: string, tx?: Tx) {
  const [row] = await (tx ?? ctx.db)
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.organizationId, ctx.viewer.organizationId)))
    .limit(1);
  if (!row) return refuseNotFound(ctx, action, { type: "webhook_endpoint", id: endpointId }, tx);
  return row;
}

/** The endpoint's delivery log: newest attempts first. */
export async function listWebhookDeliveries(ctx: ServiceContext, input: unknown, limit = 50) {
  await requirePermission(ctx, "webhook.manage");
  const { endpointId } = parseInput(webhookEndpointIdInput, input, "endpoint");
  const endpoint = await endpointInScope(ctx, endpointId, "webhook.deliveries");
  const deliveries = await ctx.db
    .select({
      id: webhookDeliveries.id,
      eventType: webhookDeliveries.eventType,
      messageId: webhookDeliveries.messageId,
      attempt: webhookDeliveries.attempt,
      statusCode: webhookDeliveries.statusCode,
      error: webhookDeliveries.error,
      durationMs: webhookDeliveries.durationMs,
      at: webhookDeliveries.at,
      messageStatus: outbox.status,
      messageAttempts: outbox.attempts,
      messageNextAttemptAt: outbox.nextAttemptAt,
    })
    .from(webhookDeliveries)
    .leftJoin(outbox, eq(outbox.id, webhookDeliveries.outboxId))
    .where(eq(webhookDeliveries.endpointId, endpoint.id))
    .orderBy(desc(webhookDeliveries.at), desc(webhookDeliveries.attempt))
    .limit(limit);
  return {
    endpoint: { id: endpoint.id, url: endpoint.url, status: endpoint.status, canSend: endpoint.status !== "disabled" },
    deliveries: deliveries.map(({ messageStatus, messageAttempts, messageNextAttemptAt, ...d }) => ({
      ...d,
      outcome: deliveryOutcome(
        d,
        messageStatus === null || messageAttempts === null || messageNextAttemptAt === null
          ? null
          : { status: messageStatus, attempts: messageAttempts, nextAttemptAt: messageNextAttemptAt },
      ),
    })),
  };
}

/** Stops deliveries to an endpoint (kept, with its log, as "disabled"). */
export async function disableWebhookEndpoint(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  await requirePermission(ctx, "webhook.manage");
  const { endpointId } = parseInput(webhookEndpointIdInput, input, "endpoint");
  return withTransaction(ctx, async (tx) => {
    const endpoint = await endpointInScope(ctx, endpointId, "webhook.disable", tx);
    await tx.update(webhookEndpoints).set({ status: "disabled" }).where(eq(webhookEndpoints.id, endpoint.id));
    await audit(tx, ctx, {
      action: "webhook.disable",
      targetType: "webhook_endpoint",
      targetId: endpoint.id,
      details: { host: new URL(endpoint.url).host },
    });
    return { id: endpoint.id };
  });
}

/**
 * "Send test event": a `webhook.test` message to this endpoint only, through the same outbox,
 * signing and log as real events. Its data is the summary of the organization's newest
 * submitted case (the shape the real events carry), or null when it has none.
 */
export async function sendWebhookTestEvent(ctx: ServiceContext, input: unknown): Promise<{ messageId: string }> {
  await requirePermission(ctx, "webhook.manage");
  const { endpointId } = parseInput(webhookEndpointIdInput, input, "endpoint");
  return withTransaction(ctx, async (tx) => {
    const endpoint = await endpointInScope(ctx, endpointId, "webhook.test", tx);
    if (endpoint.status === "disabled") throw new ValidationError("This endpoint is disabled.");
    const [latest] = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.organizationId, ctx.viewer.organizationId), isNotNull(cases.submittedAt)))
      .orderBy(desc(cases.submittedAt))
      .limit(1);
    const data = latest ? await loadCaseSummary(tx, latest.id) : null;
    const messageId = `msg_${crypto.randomUUID().replace(/-/g, "")}`;
    await tx.insert(outbox).values({
      channel: "webhook",
      kind: "webhook.test",
      recipient: endpoint.id,
      payload: { messageId, body: { type: "webhook.test", timestamp: new Date().toISOString(), data } },
    });
    await audit(tx, ctx, { action: "webhook.test", targetType: "webhook_endpoint", targetId: endpoint.id });
    return { messageId };
  });
}

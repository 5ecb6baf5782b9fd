// No "server-only" here: the outbox worker (started from instrumentation.ts) runs it.
import { and, eq, inArray } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import type { Db } from "@/db/client";
import { notifications, outbox, users, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { claimDueMessages } from "../outbox/claim";
import { enqueueEmail } from "../outbox/enqueue";
import { webhookFailingEmail } from "../outbox/messages";
import { portalBaseUrl } from "../portal-address";
import { openWebhookSecret } from "./webhook-secrets";
import { checkWebhookUrl } from "./url-guard";
import { pinnedFetch, type Fetch } from "./pinned-post";

/** Retries go on for this long after the message was queued; then it is given up and the endpoint marked failing. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 3600_000;
/** While a worker delivers a message, others leave it alone this long (a crashed worker's message is retried after it). */
const WEBHOOK_LEASE_MS = 2 * 60_000;
const WEBHOOK_TIMEOUT_MS = 10_000;

/** The wait after failed attempt n: 1 min, 2, 4, 8 … doubling, at most 6 h (about 11 attempts in 24 h). */
export function webhookRetryDelayMs(attempt: number): number {
  return Math.min(6 * 3600_000, 60_000 * 2 ** Math.max(0, attempt - 1));
}

export interface WebhookPayload {
  messageId: string;
  body: { type: string; timestamp: string; data: unknown };
}

export interface WebhookPassResult {
  delivered: number;
  failed: number;
  gaveUp: number;
}

/**
 * One webhook delivery pass. Claims and leases due messages (claimDueMessages: racing workers
 * never take the same one, no transaction stays open during HTTP); then posts each, signed per
 * Standard Webhooks (webhook-id stays the same on every retry so the receiver can deduplicate),
 * and records the attempt in the endpoint's delivery log. Each POST connects only to the
 * addresses the SSRF guard validated for that attempt (`pin`, default pinnedFetch). A 2xx is delivered; anything else
 * is retried with a doubling delay until 24 h after the message was queued, then given up
 * ("dead"), the endpoint marked failing and its organization's providers told once. `only`:
 * just these messages (a command line tool delivering what it queued).
 */
export async function deliverWebhooksDue(
  db: Db,
  {
    now = new Date(),
    limit = 20,
    strictUrls,
    only,
    resolve,
    pin = pinnedFetch,
  }: {
    now?: Date;
    limit?: number;
    strictUrls?: boolean;
    only?: string[];
    resolve?: (host: string) => Promise<string[]>;
    pin?: (addresses: string[]) => Fetch;
  } = {},
): Promise<WebhookPassResult> {
  const result: WebhookPassResult = { delivered: 0, failed: 0, gaveUp: 0 };
  const claimed = await claimDueMessages(db, "webhook", { now, limit, leaseMs: WEBHOOK_LEASE_MS, only });
  for (const row of claimed) {
    const attempt = row.attempts + 1;
    const payload = row.payload as WebhookPayload; // the webhook channel's rows
    const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, row.recipient)).limit(1);
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (!endpoint || endpoint.status === "disabled") {
      await db
        .update(outbox)
        .set({ status: "dead", lastError: "endpoint removed", payload: redact(payload) })
        .where(eq(outbox.id, row.id));
      continue;
    }
    // Checked again now (DNS may have changed), and the POST connects to exactly the addresses checked.
    const checked = await checkWebhookUrl(endpoint.url, { strict: strictUrls, resolve });
    if (!checked.ok) error = `refused: ${checked.reason}`;
    else {
      try {
        const body = JSON.stringify(payload.body);
        const signedAt = new Date();
        const signature = new Webhook(openWebhookSecret(endpoint.secretCiphertext)).sign(
          payload.messageId,
          signedAt,
          body,
        );
        const res = await pin(checked.addresses)(checked.url.toString(), {
          method: "POST",
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
          headers: {
            "content-type": "application/json",
            "user-agent": "pa-portal-webhooks/1",
            "webhook-id": payload.messageId,
            "webhook-timestamp": String(Math.floor(signedAt.getTime() / 1000)),
            "webhook-signature": signature,
          },
        });
        statusCode = res.status;
        await res.body?.cancel().catch(() => {});
        if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
      } catch (err) {
        error = String((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name ?? "error").slice(
          0,
          100,
        );
      }
    }
    const durationMs = Date.now() - started;
    await db.transaction(async (tx) => {
      await tx.insert(webhookDeliveries).values({
        endpointId: endpoint.id,
        outboxId: row.id,
        messageId: payload.messageId,
        eventType: payload.body.type,
        attempt,
        statusCode,
        error,
        durationMs,
        at: now,
      });
      if (!error) {
        await tx
          .update(outbox)
          .set({ status: "sent", deliveredAt: now, lastError: null, payload: redact(payload) })
          .where(eq(outbox.id, row.id));
        if (endpoint.status === "failing")
          await tx
            .update(webhookEndpoints)
            .set({ status: "active", failingSince: null })
            .where(eq(webhookEndpoints.id, endpoint.id));
        result.delivered++;
        return;
      }
      const next = new Date(now.getTime() + webhookRetryDelayMs(attempt));
      const deadline = row.createdAt.getTime() + WEBHOOK_RETRY_WINDOW_MS;
      if (now.getTime() >= deadline) {
        await tx
          .update(outbox)
          .set({ status: "dead", lastError: error, payload: redact(payload) })
          .where(eq(outbox.id, row.id));
        result.gaveUp++;
        const [turned] = await tx
          .update(webhookEndpoints)
          .set({ status: "failing", failingSince: now })
          .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.status, "active")))
          .returning({ id: webhookEndpoints.id });
        if (turned) await tellOwners(tx, endpoint.organizationId, endpoint.url);
        return;
      }
      // The last attempt falls at the end of the window.
      await tx
        .update(outbox)
        .set({
          status: "pending",
          lastError: error,
          nextAttemptAt: next.getTime() > deadline ? new Date(deadline) : next,
        })
        .where(eq(outbox.id, row.id));
      result.failed++;
    });
  }
  return result;
}

/** The people who manage the organization's webhooks: a notification each, and an email (no case, no clinical detail). */
async function tellOwners(tx: Db, organizationId: string, url: string): Promise<void> {
  // Those who manage the organization's endpoints: its providers, or the plan's administrators (audit anchors).
  const owners = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      and(eq(users.organizationId, organizationId), inArray(users.role, ["provider", "admin"]), eq(users.active, true)),
    );
  const link = "/settings/webhooks";
  for (const o of owners) {
    await tx.insert(notifications).values({
      userId: o.id,
      kind: "webhook.failing",
      title: "Webhook endpoint failing",
      body: `Deliveries to ${new URL(url).host} failed for 24 hours.`,
      link,
    });
    await enqueueEmail(
      tx,
      "webhook_failing",
      o.email,
      webhookFailingEmail(new URL(url).host, `${portalBaseUrl()}${link}`),
    );
  }
}

/** A delivered or abandoned message keeps its type, not the case summary. */
function redact(payload: WebhookPayload): WebhookPayload {
  return {
    messageId: payload.messageId,
    body: { type: payload.body.type, timestamp: payload.body.timestamp, data: "(delivered or given up; not kept)" },
  };
}

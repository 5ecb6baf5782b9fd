// No "server-only" here: the outbox worker (started from instrumentation.ts) runs it.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cases, fhirSubscriptionDeliveries, fhirSubscriptions, organizations, outbox } from "@/db/schema";
import { buildResponseBundle, casePartiesOf } from "@/lib/fhir/claim-response";
import { FHIR_JSON } from "@/lib/fhir/constants";
import { notificationBundle, type NotificationEvent } from "@/lib/fhir/subscription";
import { claimDueMessages } from "../outbox/claim";
import { portalBaseUrl } from "../portal-address";
import { readPriorAuthState } from "../cases/prior-auth-state";
import { checkWebhookUrl } from "../webhooks/url-guard";
import { pinnedFetch, type Fetch } from "../webhooks/pinned-post";
import { WEBHOOK_RETRY_WINDOW_MS, webhookRetryDelayMs } from "../webhooks/deliver";
import { openChannelHeaders } from "./channel-headers";
import { queueDueHeartbeats, SUBSCRIPTION_CHANNEL, type SubscriptionNotice } from "./queue";

const LEASE_MS = 2 * 60_000;
/** An event that arrives while the handshake is still on its way waits this long, then is tried again. */
const AWAITING_HANDSHAKE_MS = 5_000;

export interface SubscriptionPassResult {
  delivered: number;
  failed: number;
  gaveUp: number;
}

/** The address a subscription is known by in notifications (`subscription` parameter). */
export function subscriptionUrl(id: string): string {
  return `${portalBaseUrl()}/fhir/Subscription/${id}`;
}

/**
 * One pass over the FHIR subscription notifications (rest-hook, Subscriptions R5 Backport for R4):
 * turns off ended subscriptions, queues due heartbeats, then claims due notices (leased, as
 * webhooks are) and posts each as a notification Bundle built now: a handshake, a heartbeat, or
 * an event with the case's current PAS response Bundle (full-resource) or its reference
 * (id-only). Each POST goes only to the addresses the SSRF guard checked for that attempt, with
 * the headers the subscriber gave. Every attempt is in the subscription's delivery log.
 *
 * - A handshake answered 2xx makes the subscription active; otherwise it is in error, until the
 *   subscriber updates it (which sends a new handshake).
 * - An event is retried like a webhook (1 min doubling, for 24 h) while the subscription shows
 *   `error`; the next success makes it active again. A missed heartbeat is not retried.
 */
export async function deliverSubscriptionNotificationsDue(
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
): Promise<SubscriptionPassResult> {
  const result: SubscriptionPassResult = { delivered: 0, failed: 0, gaveUp: 0 };
  if (!only) await queueDueHeartbeats(db, now);
  const claimed = await claimDueMessages(db, SUBSCRIPTION_CHANNEL, { now, limit, leaseMs: LEASE_MS, only });
  if (!claimed.length) return result;
  const subscriptions = await db
    .select()
    .from(fhirSubscriptions)
    .where(
      inArray(
        fhirSubscriptions.id,
        claimed.map((r) => r.recipient),
      ),
    );
  const byId = new Map(subscriptions.map((s) => [s.id, s]));
  for (const row of claimed) {
    const notice = row.payload as SubscriptionNotice; // the subscription channel's rows
    const subscription = byId.get(row.recipient);
    if (!subscription || subscription.status === "off") {
      await db.update(outbox).set({ status: "dead", lastError: "subscription off" }).where(eq(outbox.id, row.id));
      continue;
    }
    if (notice.type !== "handshake" && subscription.status === "requested") {
      await db
        .update(outbox)
        .set({ nextAttemptAt: new Date(now.getTime() + AWAITING_HANDSHAKE_MS) })
        .where(eq(outbox.id, row.id));
      continue;
    }
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    const checked = await checkWebhookUrl(subscription.endpoint, { strict: strictUrls, resolve });
    if (!checked.ok) error = `refused: the endpoint ${checked.reason}`;
    else {
      try {
        const body = JSON.stringify(await buildNotification(db, subscription, notice, now));
        const headers: Record<string, string> = {};
        for (const h of openChannelHeaders(subscription.id, subscription.headersSealed)) headers[h.name] = h.value;
        const res = await pin(checked.addresses)(checked.url.toString(), {
          method: "POST",
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(subscription.timeoutSeconds * 1000),
          headers: { ...headers, "content-type": `${FHIR_JSON}; charset=utf-8`, "user-agent": "pa-portal-fhir/1" },
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
      await tx.insert(fhirSubscriptionDeliveries).values({
        subscriptionId: subscription.id,
        outboxId: row.id,
        notificationType: notice.type,
        eventNumber: notice.eventNumber ?? null,
        attempt: row.attempts + 1,
        statusCode,
        error,
        durationMs,
        at: now,
      });
      if (!error) {
        await tx.update(outbox).set({ status: "sent", deliveredAt: now, lastError: null }).where(eq(outbox.id, row.id));
        await tx
          .update(fhirSubscriptions)
          .set({ status: "active", lastSentAt: now, lastError: null })
          .where(
            and(
              eq(fhirSubscriptions.id, subscription.id),
              inArray(fhirSubscriptions.status, ["requested", "active", "error"]),
            ),
          );
        result.delivered++;
        return;
      }
      const lastError = notice.type === "handshake" ? `handshake failed: ${error}` : `${notice.type} failed: ${error}`;
      await tx
        .update(fhirSubscriptions)
        .set({ status: "error", lastError })
        .where(
          and(
            eq(fhirSubscriptions.id, subscription.id),
            inArray(fhirSubscriptions.status, ["requested", "active", "error"]),
          ),
        );
      const deadline = row.createdAt.getTime() + WEBHOOK_RETRY_WINDOW_MS;
      if (notice.type !== "event-notification" || now.getTime() >= deadline) {
        await tx.update(outbox).set({ status: "dead", lastError: error }).where(eq(outbox.id, row.id));
        result.gaveUp++;
        return;
      }
      const next = new Date(now.getTime() + webhookRetryDelayMs(row.attempts + 1));
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

/** The notification Bundle for one notice, built from the subscription and (for an event) the case as they are now. */
async function buildNotification(
  db: Db,
  subscription: typeof fhirSubscriptions.$inferSelect,
  notice: SubscriptionNotice,
  now: Date,
) {
  const events: NotificationEvent[] = [];
  if (notice.type === "event-notification" && notice.caseId) {
    const [found] = await db
      .select({ row: cases, organization: { name: organizations.name, npi: organizations.npi } })
      .from(cases)
      .innerJoin(organizations, eq(organizations.id, cases.organizationId))
      .where(and(eq(cases.id, notice.caseId), eq(cases.organizationId, subscription.organizationId)))
      .limit(1);
    if (found) {
      const event: NotificationEvent = {
        number: notice.eventNumber ?? 0,
        timestamp: new Date(notice.timestamp),
        caseReference: found.row.reference,
      };
      if (subscription.content === "full-resource") {
        const state = await readPriorAuthState(db, found.row);
        const parties = casePartiesOf({
          memberId: found.row.memberId,
          memberName: found.row.memberName,
          dateOfBirth: found.row.request.member?.dateOfBirth,
          cptCodes: state.cptCodes,
          organization: found.organization,
        });
        event.responseBundle = buildResponseBundle(state, parties, now);
      }
      events.push(event);
    }
  }
  return notificationBundle({
    subscriptionUrl: subscriptionUrl(subscription.id),
    status: "active",
    type: notice.type,
    eventsSinceStart: notice.eventNumber ?? subscription.eventCount,
    content: subscription.content,
    events,
    now,
  });
}

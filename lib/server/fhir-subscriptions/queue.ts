// No "server-only": emit.ts (also run by the scheduler) and the outbox worker queue through it.
import { and, eq, gt, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { fhirSubscriptions, outbox } from "@/db/schema";

export const SUBSCRIPTION_CHANNEL = "fhir-subscription";

/**
 * An outbox message for a subscription (recipient: the subscription's id). It names the case, not
 * its content: the notification is built when it is sent, from the case as it is then, so the
 * outbox never holds clinical data and a retry carries the current answer.
 */
export interface SubscriptionNotice {
  type: "handshake" | "heartbeat" | "event-notification";
  eventNumber?: number;
  caseId?: string;
  timestamp: string;
}

/** Subscriptions that still want notifications (requested: the handshake is on its way). */
const LISTENING = ["requested", "active", "error"] as const;

/**
 * A prior-authorization answer of the organization changed (decided, information requested, appeal
 * decided): each of its live subscriptions numbers the event and gets a notification, in the
 * caller's transaction, so the notification exists exactly when the change commits.
 */
export async function queueSubscriptionEvent(tx: Tx, organizationId: string, caseId: string): Promise<number> {
  const now = new Date();
  const numbered = await tx
    .update(fhirSubscriptions)
    .set({ eventCount: sql`${fhirSubscriptions.eventCount} + 1` })
    .where(
      and(
        eq(fhirSubscriptions.organizationId, organizationId),
        inArray(fhirSubscriptions.status, LISTENING),
        or(isNull(fhirSubscriptions.endAt), gt(fhirSubscriptions.endAt, now)),
      ),
    )
    .returning({ id: fhirSubscriptions.id, eventCount: fhirSubscriptions.eventCount });
  if (!numbered.length) return 0;
  await tx.insert(outbox).values(
    numbered.map((s) => ({
      channel: SUBSCRIPTION_CHANNEL,
      kind: "event-notification",
      recipient: s.id,
      payload: {
        type: "event-notification",
        eventNumber: s.eventCount,
        caseId,
        timestamp: now.toISOString(),
      } satisfies SubscriptionNotice,
    })),
  );
  return numbered.length;
}

/** The handshake a new (or changed) subscription gets before any event (Backport: rest-hook handshake). */
export async function queueHandshake(tx: Tx, subscriptionId: string): Promise<void> {
  await tx.insert(outbox).values({
    channel: SUBSCRIPTION_CHANNEL,
    kind: "handshake",
    recipient: subscriptionId,
    payload: { type: "handshake", timestamp: new Date().toISOString() } satisfies SubscriptionNotice,
  });
}

/**
 * The worker's bookkeeping before a pass: subscriptions past their `end` are turned off, and a
 * heartbeat is queued for each active one that has sent nothing for its heartbeat period. The
 * conditional UPDATE takes each subscription once, however many instances run the pass.
 */
export async function queueDueHeartbeats(db: Db, now: Date = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    await tx
      .update(fhirSubscriptions)
      .set({ status: "off", updatedAt: now })
      .where(and(ne(fhirSubscriptions.status, "off"), lte(fhirSubscriptions.endAt, now)));
    const due = await tx
      .update(fhirSubscriptions)
      .set({ lastSentAt: now })
      .where(
        and(
          eq(fhirSubscriptions.status, "active"),
          sql`${fhirSubscriptions.heartbeatSeconds} is not null`,
          sql`coalesce(${fhirSubscriptions.lastSentAt}, ${fhirSubscriptions.updatedAt}) + ${fhirSubscriptions.heartbeatSeconds} * interval '1 second' <= ${now.toISOString()}::timestamptz`,
        ),
      )
      .returning({ id: fhirSubscriptions.id });
    if (due.length)
      await tx.insert(outbox).values(
        due.map((s) => ({
          channel: SUBSCRIPTION_CHANNEL,
          kind: "heartbeat",
          recipient: s.id,
          payload: { type: "heartbeat", timestamp: now.toISOString() } satisfies SubscriptionNotice,
        })),
      );
    return due.length;
  });
}

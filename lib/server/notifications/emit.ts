// No "server-only": the worker and the due-time scheduler (started from instrumentation.ts) use it too.
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { appeals, caseInformationRequests, determinations, notificationPreferences, notifications, outbox, users, webhookEndpoints } from "@/db/schema";
import { formatPlanDateTime, NOTIFICATION_EVENT_LABELS, PROVIDER_EVENTS, STATUS_LABELS, type CaseStatus, type NotificationEvent, type ProviderEvent } from "@/lib/domain";
import { enqueueEmail } from "../outbox/enqueue";
import { notificationEmail } from "../outbox/messages";
import { loadCaseSummary } from "../cases/case-summary";

/** The case as a notification sees it: reference and status, never the member. */
export interface NotifiedCase {
  id: string;
  reference: string;
  status: CaseStatus;
  organizationId: string;
  dueAt: Date | null;
  assigneeId: string | null;
}

export interface Notice {
  event: NotificationEvent;
  caseRow: NotifiedCase;
  /** One line of context without clinical detail (a due time, a count). */
  body: string;
  /** Where the notification leads (default: the case page of the recipient's side). */
  link?: string;
}

/** The portal's address for links in email (PORTAL_URL in production). */
export function portalBaseUrl(): string {
  return (process.env.PORTAL_URL || process.env.AUTH_URL || `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
}

/** "PA-2026-000123: Information requested": the reference and the event, nothing about the patient. */
export function noticeTitle(n: Notice): string {
  return `${n.caseRow.reference}: ${NOTIFICATION_EVENT_LABELS[n.event]}`;
}

interface Recipient {
  id: string;
  email: string;
  role: string;
}

/**
 * Writes one notice, inside the caller's transaction: a notification per recipient (the bell),
 * an email per recipient who chose instant email for this event, and, for a provider event, one
 * webhook message per active endpoint of the case's organization subscribed to it. All of it is
 * committed or rolled back with the change that caused it.
 */
export async function notify(tx: Tx, recipients: Recipient[], n: Notice): Promise<void> {
  const unique = [...new Map(recipients.map((r) => [r.id, r])).values()];
  const title = noticeTitle(n);
  if (unique.length) {
    const prefs = await tx.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, unique.map((r) => r.id)));
    const byUser = new Map(prefs.map((p) => [p.userId, p]));
    for (const r of unique) {
      const link = n.link ?? caseLinkFor(r.role, n.caseRow.id);
      await tx.insert(notifications).values({ userId: r.id, caseId: n.caseRow.id, kind: n.event, title, body: n.body, link });
      const p = byUser.get(r.id);
      if (p?.emailMode === "instant" && p.emailEvents.includes(n.event)) {
        await enqueueEmail(tx, "notification", r.email, notificationEmail(title, STATUS_LABELS[n.caseRow.status], `${portalBaseUrl()}${link}`));
      }
    }
  }
  if ((PROVIDER_EVENTS as readonly string[]).includes(n.event)) await queueWebhooks(tx, n.caseRow.organizationId, n.event as ProviderEvent, n.caseRow.id);
}

/** A provider opens its case page; reviewers the review workspace. */
function caseLinkFor(role: string, caseId: string): string {
  return role === "provider" ? `/cases/${caseId}` : `/review/${caseId}`;
}

/** Queues the event for every subscribed, active endpoint of the organization; the body is the API's case summary as of this transaction. */
export async function queueWebhooks(tx: Tx, organizationId: string, event: ProviderEvent, caseId: string, onlyEndpointId?: string): Promise<number> {
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, organizationId), ne(webhookEndpoints.status, "disabled"), onlyEndpointId ? eq(webhookEndpoints.id, onlyEndpointId) : undefined));
  const subscribed = endpoints.filter((e) => onlyEndpointId || e.events.includes(event));
  if (!subscribed.length) return 0;
  const data = await loadCaseSummary(tx, caseId);
  if (!data) return 0;
  const timestamp = new Date().toISOString();
  for (const e of subscribed) {
    await tx.insert(outbox).values({ channel: "webhook", kind: event, recipient: e.id, payload: { messageId: `msg_${crypto.randomUUID().replace(/-/g, "")}`, body: { type: event, timestamp, data } } });
  }
  return subscribed.length;
}

/** The active provider users of an organization. */
export async function providersOf(tx: Tx, organizationId: string): Promise<Recipient[]> {
  return tx.select({ id: users.id, email: users.email, role: users.role }).from(users).where(and(eq(users.organizationId, organizationId), eq(users.role, "provider"), eq(users.active, true)));
}

/** The active physician reviewers. */
export async function physicians(tx: Tx): Promise<Recipient[]> {
  return tx.select({ id: users.id, email: users.email, role: users.role }).from(users).where(and(eq(users.role, "physician_reviewer"), eq(users.active, true)));
}

export async function usersByIds(tx: Tx, ids: (string | null | undefined)[]): Promise<Recipient[]> {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  if (!wanted.length) return [];
  return tx.select({ id: users.id, email: users.email, role: users.role }).from(users).where(and(inArray(users.id, wanted), eq(users.active, true)));
}

const due = (d: Date | null) => (d ? `Due ${formatPlanDateTime(d)}.` : "");

/**
 * The notices of one case change, decided from its audited action and its statuses before and
 * after. Called by the state machine (moveCase) and by a first submission, inside their transaction.
 */
export async function emitCaseEvents(tx: Tx, action: string, before: NotifiedCase | null, after: NotifiedCase): Promise<void> {
  const to = after.status;
  const from = before?.status ?? null;
  if (action === "case.submit" && to === "submitted") {
    await notify(tx, await providersOf(tx, after.organizationId), { event: "case.received", caseRow: after, body: `Received. ${due(after.dueAt)}` });
  } else if (action === "case.pend" && to === "pending_information") {
    const [request] = await tx.select({ items: caseInformationRequests.items }).from(caseInformationRequests).where(eq(caseInformationRequests.caseId, after.id)).orderBy(desc(caseInformationRequests.requestedAt)).limit(1);
    const count = Array.isArray(request?.items) ? request.items.length : 0;
    await notify(tx, await providersOf(tx, after.organizationId), { event: "case.information_requested", caseRow: after, body: `The reviewer asks for ${count} item${count === 1 ? "" : "s"}; answer by the due time. ${due(after.dueAt)}` });
  } else if (action === "case.respond") {
    const [request] = await tx.select({ requestedBy: caseInformationRequests.requestedBy }).from(caseInformationRequests).where(eq(caseInformationRequests.caseId, after.id)).orderBy(desc(caseInformationRequests.requestedAt)).limit(1);
    const recipients = await usersByIds(tx, [before?.assigneeId, after.assigneeId, request?.requestedBy]);
    await notify(tx, recipients.filter((r) => r.role !== "provider"), { event: "case.information_received", caseRow: after, body: `The provider answered. ${due(after.dueAt)}` });
  } else if (action === "case.withdraw" && to === "withdrawn" && from !== "draft") {
    // The providers, and the reviewer who held it (they can stop work on it); one notify call, so one webhook.
    const holder = (await usersByIds(tx, [before?.assigneeId, after.assigneeId])).filter((r) => r.role !== "provider");
    await notify(tx, [...(await providersOf(tx, after.organizationId)), ...holder], { event: "case.withdrawn", caseRow: after, body: "Withdrawn; no decision will be made." });
  } else if (action === "case.appeal" && to === "appeal_submitted") {
    await notify(tx, await providersOf(tx, after.organizationId), { event: "appeal.received", caseRow: after, body: `Appeal received. ${due(after.dueAt)}` });
    const [appealed] = await tx
      .select({ denierId: determinations.reviewerId })
      .from(appeals)
      .innerJoin(determinations, eq(determinations.id, appeals.deniedDeterminationId))
      .where(eq(appeals.caseId, after.id))
      .orderBy(desc(appeals.filedAt))
      .limit(1);
    const denier = appealed?.denierId;
    await notify(tx, (await physicians(tx)).filter((p) => p.id !== denier), { event: "appeal.arrived", caseRow: after, body: `An appeal to decide. ${due(after.dueAt)}` });
  } else if (action === "case.escalate") {
    await notify(tx, await physicians(tx), { event: "case.escalated", caseRow: after, body: `A nurse reviewer escalated this case. ${due(after.dueAt)}` });
  } else if (from !== to && (to === "approved" || to === "denied" || to === "appeal_upheld" || to === "appeal_overturned")) {
    const [latest] = await tx.select({ id: determinations.id }).from(determinations).where(eq(determinations.caseId, after.id)).orderBy(desc(determinations.decidedAt)).limit(1);
    const appeal = to === "appeal_upheld" || to === "appeal_overturned";
    await notify(tx, await providersOf(tx, after.organizationId), {
      event: appeal ? "appeal.decided" : "case.decided",
      caseRow: after,
      body: `${STATUS_LABELS[to]}. The letter is ready.`,
      link: latest ? `/letters/${latest.id}` : undefined,
    });
  }
}

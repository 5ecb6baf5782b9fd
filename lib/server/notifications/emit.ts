// No "server-only": the worker and the due-time scheduler (started from instrumentation.ts) use it too.
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  appeals,
  caseInformationRequests,
  determinations,
  notificationPreferences,
  notifications,
  outbox,
  users,
  webhookEndpoints,
} from "@/db/schema";
import {
  formatPlanDateTime,
  NOTIFICATION_EVENT_LABELS,
  PROVIDER_EVENTS,
  STATUS_LABELS,
  type CaseStatus,
  type NotificationEvent,
  type PracticeEvent,
  type ProviderEvent,
} from "@/lib/domain";
import { enqueueEmails } from "../outbox/enqueue";
import { together } from "@/db/together";
import { notificationEmail } from "../outbox/messages";
import { loadCaseSummary } from "../cases/case-summary";
import { queueSubscriptionEvent } from "../fhir-subscriptions/queue";
import { portalBaseUrl } from "../portal-address";

/** Events that change a request's PAS answer: the organization's FHIR subscriptions are told (topic result-available). */
const PAS_RESULT_EVENTS: ReadonlySet<NotificationEvent> = new Set([
  "case.decided",
  "case.information_requested",
  "appeal.decided",
]);

function queueSubscriptionsFor(tx: Tx, n: Notice): Promise<number> {
  return PAS_RESULT_EVENTS.has(n.event)
    ? queueSubscriptionEvent(tx, n.caseRow.organizationId, n.caseRow.id)
    : Promise.resolve(0);
}

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

/** "PA-2026-000123: Information requested": the reference and the event, nothing about the patient. */
function noticeTitle(n: Notice): string {
  return `${n.caseRow.reference}: ${NOTIFICATION_EVENT_LABELS[n.event]}`;
}

interface Recipient {
  id: string;
  email: string;
  role: string;
  /** The recipient's email preference when read with the recipient (null: none saved); undefined: read here. */
  pref?: { emailMode: string; emailEvents: string[] } | null;
}

/**
 * Writes one notice, inside the caller's transaction: a notification per recipient (the bell),
 * an email per recipient who chose instant email for this event, and, for a provider event, one
 * webhook message per active endpoint of the case's organization subscribed to it, and a FHIR
 * subscription notice when the event changes the request's PAS answer. All of it is
 * committed or rolled back with the change that caused it.
 */
export async function notify(tx: Tx, recipients: Recipient[], n: Notice): Promise<void> {
  const unique = [...new Map(recipients.map((r) => [r.id, r])).values()];
  const title = noticeTitle(n);
  const webhooks = (PROVIDER_EVENTS as readonly string[]).includes(n.event);
  // The webhook endpoints are looked up alongside the notices (independent statements, one round trip).
  const queued = webhooks
    ? queueWebhooks(tx, n.caseRow.organizationId, n.event as ProviderEvent, n.caseRow.id)
    : Promise.resolve(0);
  await together(
    unique.length ? writeNotices(tx, unique, n, title) : Promise.resolve(),
    queued,
    queueSubscriptionsFor(tx, n),
  );
}

/** One notification per recipient (one insert), and one email per recipient who chose instant email for the event (one insert). */
async function writeNotices(tx: Tx, unique: Recipient[], n: Notice, title: string): Promise<void> {
  const unknown = unique.filter((r) => r.pref === undefined).map((r) => r.id);
  const prefs = unknown.length
    ? await tx.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, unknown))
    : [];
  const byUser = new Map<string, Recipient["pref"]>(prefs.map((p) => [p.userId, p]));
  const rows = unique.map((r) => ({ r, link: n.link ?? caseLinkFor(r.role, n.caseRow.id) }));
  const emails = rows.filter(({ r }) => {
    const p = r.pref === undefined ? byUser.get(r.id) : r.pref;
    return p?.emailMode === "instant" && p.emailEvents.includes(n.event);
  });
  await together(
    tx
      .insert(notifications)
      .values(
        rows.map(({ r, link }) => ({ userId: r.id, caseId: n.caseRow.id, kind: n.event, title, body: n.body, link })),
      ),
    emails.length
      ? enqueueEmails(
          tx,
          "notification",
          emails.map(({ r, link }) => ({
            to: r.email,
            message: notificationEmail(title, STATUS_LABELS[n.caseRow.status], `${portalBaseUrl()}${link}`),
          })),
        )
      : Promise.resolve([]),
  );
}

/**
 * A notice to the active providers of the case's organization without reading them first: the
 * notifications, and the emails of those who chose instant email for the event, are inserted
 * from a select over the users (one statement each), sent together with the webhook lookup.
 * Same rows as notify(tx, await providersOf(tx, org), n), one round trip instead of three.
 */
async function notifyProviders(tx: Tx, n: Notice): Promise<void> {
  const title = noticeTitle(n);
  const link = n.link ?? caseLinkFor("provider", n.caseRow.id);
  const email = notificationEmail(title, STATUS_LABELS[n.caseRow.status], `${portalBaseUrl()}${link}`);
  const providers = sql`u.organization_id = ${n.caseRow.organizationId} and u.role = 'provider' and u.active`;
  await together(
    tx.execute(sql`insert into notifications (user_id, case_id, kind, title, body, link)
      select u.id, ${n.caseRow.id}::uuid, ${n.event}::text, ${title}::text, ${n.body}::text, ${link}::text from users u where ${providers}`),
    tx.execute(sql`insert into outbox (channel, kind, recipient, payload)
      select 'email', 'notification', u.email, ${JSON.stringify({ ...email })}::jsonb
      from users u join notification_preferences p on p.user_id = u.id
      where ${providers} and p.email_mode = 'instant' and p.email_events @> ${JSON.stringify([n.event])}::jsonb`),
    (PROVIDER_EVENTS as readonly string[]).includes(n.event)
      ? queueWebhooks(tx, n.caseRow.organizationId, n.event as ProviderEvent, n.caseRow.id)
      : Promise.resolve(0),
    queueSubscriptionsFor(tx, n),
  );
}

/**
 * A practice's own event (its gold card), inside the caller's transaction: a notification for
 * every active provider of the organization (no case), an email to those who chose instant email
 * for it, and a webhook message per active endpoint subscribed to it, whose `data` is `data`
 * (the card as the practice sees it) instead of a case.
 */
export async function notifyPractice(
  tx: Tx,
  organizationId: string,
  n: { event: PracticeEvent; body: string; link: string; statusLabel: string; data: unknown },
): Promise<void> {
  const title = `${NOTIFICATION_EVENT_LABELS[n.event]}: PHARMACY 339.7`;
  const email = notificationEmail(title, n.statusLabel, `${portalBaseUrl()}${n.link}`);
  const providers = sql`u.organization_id = ${organizationId} and u.role = 'provider' and u.active`;
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, organizationId), ne(webhookEndpoints.status, "disabled")));
  const subscribed = endpoints.filter((e) => e.events.includes(n.event));
  const timestamp = new Date().toISOString();
  await together(
    tx.execute(sql`insert into notifications (user_id, case_id, kind, title, body, link)
      select u.id, null, ${n.event}::text, ${title}::text, ${n.body}::text, ${n.link}::text from users u where ${providers}`),
    tx.execute(sql`insert into outbox (channel, kind, recipient, payload)
      select 'email', 'notification', u.email, ${JSON.stringify({ ...email })}::jsonb
      from users u join notification_preferences p on p.user_id = u.id
      where ${providers} and p.email_mode = 'instant' and p.email_events @> ${JSON.stringify([n.event])}::jsonb`),
    subscribed.length
      ? tx.insert(outbox).values(
          subscribed.map((e) => ({
            channel: "webhook" as const,
            kind: n.event,
            recipient: e.id,
            payload: {
              messageId: `msg_${crypto.randomUUID().replace(/-/g, "")}`,
              body: { type: n.event, timestamp, data: n.data },
            },
          })),
        )
      : Promise.resolve(),
  );
}

/** A provider opens its case page; reviewers the review workspace. */
function caseLinkFor(role: string, caseId: string): string {
  return role === "provider" ? `/cases/${caseId}` : `/review/${caseId}`;
}

/** Queues the event for every subscribed, active endpoint of the organization; the body is the API's case summary as of this transaction. */
async function queueWebhooks(
  tx: Tx,
  organizationId: string,
  event: ProviderEvent,
  caseId: string,
  onlyEndpointId?: string,
): Promise<number> {
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.organizationId, organizationId),
        ne(webhookEndpoints.status, "disabled"),
        onlyEndpointId ? eq(webhookEndpoints.id, onlyEndpointId) : undefined,
      ),
    );
  const subscribed = endpoints.filter((e) => onlyEndpointId || e.events.includes(event));
  if (!subscribed.length) return 0;
  const data = await loadCaseSummary(tx, caseId);
  if (!data) return 0;
  const timestamp = new Date().toISOString();
  await tx.insert(outbox).values(
    subscribed.map((e) => ({
      channel: "webhook" as const,
      kind: event,
      recipient: e.id,
      payload: { messageId: `msg_${crypto.randomUUID().replace(/-/g, "")}`, body: { type: event, timestamp, data } },
    })),
  );
  return subscribed.length;
}

/** The active provider users of an organization, with their email preferences (one statement). */
async function providersOf(tx: Tx, organizationId: string): Promise<Recipient[]> {
  const rows = await tx
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      emailMode: notificationPreferences.emailMode,
      emailEvents: notificationPreferences.emailEvents,
    })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(and(eq(users.organizationId, organizationId), eq(users.role, "provider"), eq(users.active, true)));
  return rows.map(({ emailMode, emailEvents, ...r }) => ({
    ...r,
    pref: emailMode && emailEvents ? { emailMode, emailEvents } : null,
  }));
}

/** The active physician reviewers. */
export async function physicians(tx: Tx): Promise<Recipient[]> {
  return tx
    .select({ id: users.id, email: users.email, role: users.role })
    .from(users)
    .where(and(eq(users.role, "physician_reviewer"), eq(users.active, true)));
}

export async function usersByIds(tx: Tx, ids: (string | null | undefined)[]): Promise<Recipient[]> {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  if (!wanted.length) return [];
  return tx
    .select({ id: users.id, email: users.email, role: users.role })
    .from(users)
    .where(and(inArray(users.id, wanted), eq(users.active, true)));
}

const due = (d: Date | null) => (d ? `Due ${formatPlanDateTime(d)}.` : "");

/**
 * The notices of one case change, decided from its audited action and its statuses before and
 * after. Called by the state machine (moveCase) and by a first submission, inside their transaction.
 */
export async function emitCaseEvents(
  tx: Tx,
  action: string,
  before: NotifiedCase | null,
  after: NotifiedCase,
): Promise<void> {
  const to = after.status;
  const from = before?.status ?? null;
  if (action === "case.submit" && to === "submitted") {
    await notifyProviders(tx, { event: "case.received", caseRow: after, body: `Received. ${due(after.dueAt)}` });
  } else if (action === "case.submit" && to === "pending_information") {
    // A PAS request without the questionnaire's answers: received, and waiting for them before review.
    await notifyProviders(tx, {
      event: "case.information_requested",
      caseRow: after,
      body: `Received; answer the policy's questionnaire before it can be reviewed. ${due(after.dueAt)}`,
    });
  } else if (action === "case.pend" && to === "pending_information") {
    const [request] = await tx
      .select({ items: caseInformationRequests.items })
      .from(caseInformationRequests)
      .where(eq(caseInformationRequests.caseId, after.id))
      .orderBy(desc(caseInformationRequests.requestedAt))
      .limit(1);
    const count = Array.isArray(request?.items) ? request.items.length : 0;
    await notify(tx, await providersOf(tx, after.organizationId), {
      event: "case.information_requested",
      caseRow: after,
      body: `The reviewer asks for ${count} item${count === 1 ? "" : "s"}; answer by the due time. ${due(after.dueAt)}`,
    });
  } else if (action === "case.respond") {
    const [request] = await tx
      .select({ requestedBy: caseInformationRequests.requestedBy })
      .from(caseInformationRequests)
      .where(eq(caseInformationRequests.caseId, after.id))
      .orderBy(desc(caseInformationRequests.requestedAt))
      .limit(1);
    const recipients = await usersByIds(tx, [before?.assigneeId, after.assigneeId, request?.requestedBy]);
    await notify(
      tx,
      recipients.filter((r) => r.role !== "provider"),
      { event: "case.information_received", caseRow: after, body: `The provider answered. ${due(after.dueAt)}` },
    );
  } else if (action === "case.withdraw" && to === "withdrawn" && from !== "draft") {
    // The providers, and the reviewer who held it (they can stop work on it); one notify call, so one webhook.
    const holder = (await usersByIds(tx, [before?.assigneeId, after.assigneeId])).filter((r) => r.role !== "provider");
    await notify(tx, [...(await providersOf(tx, after.organizationId)), ...holder], {
      event: "case.withdrawn",
      caseRow: after,
      body: "Withdrawn; no decision will be made.",
    });
  } else if (action === "case.appeal" && to === "appeal_submitted") {
    await notify(tx, await providersOf(tx, after.organizationId), {
      event: "appeal.received",
      caseRow: after,
      body: `Appeal received. ${due(after.dueAt)}`,
    });
    const [appealed] = await tx
      .select({ denierId: determinations.reviewerId })
      .from(appeals)
      .innerJoin(determinations, eq(determinations.id, appeals.deniedDeterminationId))
      .where(eq(appeals.caseId, after.id))
      .orderBy(desc(appeals.filedAt))
      .limit(1);
    const denier = appealed?.denierId;
    await notify(
      tx,
      (await physicians(tx)).filter((p) => p.id !== denier),
      { event: "appeal.arrived", caseRow: after, body: `An appeal to decide. ${due(after.dueAt)}` },
    );
  } else if (action === "case.escalate") {
    await notify(tx, await physicians(tx), {
      event: "case.escalated",
      caseRow: after,
      body: `A nurse reviewer escalated this case. ${due(after.dueAt)}`,
    });
  } else if (
    from !== to &&
    (to === "approved" || to === "denied" || to === "appeal_upheld" || to === "appeal_overturned")
  ) {
    const [latest] = await tx
      .select({ id: determinations.id })
      .from(determinations)
      .where(eq(determinations.caseId, after.id))
      .orderBy(desc(determinations.decidedAt))
      .limit(1);
    const appeal = to === "appeal_upheld" || to === "appeal_overturned";
    await notifyProviders(tx, {
      event: appeal ? "appeal.decided" : "case.decided",
      caseRow: after,
      body: `${STATUS_LABELS[to]}. The letter is ready.`,
      link: latest ? `/letters/${latest.id}` : undefined,
    });
  }
}

// No "server-only" here: the outbox worker (started from instrumentation.ts) runs it.
import { and, eq, gt, gte, inArray, isNotNull, lt, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cases, dueAlerts, jobRuns, notificationPreferences, notifications, users } from "@/db/schema";
import { DUE_SOON_HOURS, formatPlanDateTime, OPEN_FOR_REVIEW, APPEAL_STATUSES, PLAN_TIME_ZONE } from "@/lib/domain";
import { startOfDayInZone } from "@/lib/due-time";
import { enqueueEmail } from "../outbox/enqueue";
import { digestEmail } from "../outbox/messages";
import { notify, physicians, usersByIds, type NotifiedCase } from "./emit";
import { portalBaseUrl } from "../portal-address";

/** How often the due-time scan runs (each window once, whichever instance gets there first). */
const DUE_ALERT_WINDOW_MS = Math.max(60_000, Number(process.env.DUE_ALERT_WINDOW_MS ?? 5 * 60_000) || 5 * 60_000);
const DAY_MS = 86_400_000;

/**
 * Claims the run of `job` for the window containing `now`: one row per job and window (the
 * primary key), so of several instances exactly one gets true. No lock is held while the job
 * runs; a crashed run leaves its window done (the next window catches up: the scans look at
 * the state, not at what changed).
 */
export async function claimWindow(db: Db, job: string, now: Date, windowMs: number | "plan-day"): Promise<boolean> {
  // "plan-day": the plan's calendar day (America/New_York: 23, 24 or 25 hours), starting at its midnight.
  const windowStart =
    windowMs === "plan-day"
      ? startOfDayInZone(now, PLAN_TIME_ZONE)
      : new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = await db
    .insert(jobRuns)
    .values({ job, windowStart })
    .onConflictDoNothing()
    .returning({ job: jobRuns.job });
  return rows.length === 1;
}

/** Records an alert for a case, threshold and due time; false when it was already made (by this or another instance). */
async function firstAlert(tx: Db, caseId: string, threshold: "due_soon" | "overdue", dueAt: Date): Promise<boolean> {
  const rows = await tx
    .insert(dueAlerts)
    .values({ caseId, threshold, dueAt })
    .onConflictDoNothing()
    .returning({ caseId: dueAlerts.caseId });
  return rows.length === 1;
}

const caseColumns = {
  id: cases.id,
  reference: cases.reference,
  status: cases.status,
  organizationId: cases.organizationId,
  dueAt: cases.dueAt,
  assigneeId: cases.assigneeId,
  urgency: cases.urgency,
  physicianOnly: cases.physicianOnly,
};

/**
 * Due-time alerts for reviewers, at most once per case, threshold and due time:
 *  - a held case due within 24 h (standard) or 12 h (expedited): its holder;
 *  - a case that became overdue: its holder, or when nobody holds it the reviewers who may
 *    claim it (physicians for physician-only cases and appeals, otherwise nurses).
 * The alert row and the notifications are written in one transaction.
 */
export async function runDueAlerts(db: Db, now: Date = new Date()): Promise<{ dueSoon: number; overdue: number }> {
  const counts = { dueSoon: 0, overdue: 0 };
  const horizon = new Date(now.getTime() + Math.max(...Object.values(DUE_SOON_HOURS)) * 3600_000);
  const soon = await db
    .select(caseColumns)
    .from(cases)
    .where(
      and(
        inArray(cases.status, [...OPEN_FOR_REVIEW]),
        isNotNull(cases.assigneeId),
        gt(cases.dueAt, now),
        lte(cases.dueAt, horizon),
      ),
    );
  for (const c of soon) {
    const hours = DUE_SOON_HOURS[c.urgency === "expedited" ? "expedited" : "standard"];
    if (c.dueAt!.getTime() - now.getTime() > hours * 3600_000) continue;
    await db.transaction(async (tx) => {
      if (!(await firstAlert(tx, c.id, "due_soon", c.dueAt!))) return;
      await notify(tx, await usersByIds(tx, [c.assigneeId]), {
        event: "case.due_soon",
        caseRow: c as NotifiedCase,
        body: `Due ${formatPlanDateTime(c.dueAt)} (within ${hours} h).`,
      });
      counts.dueSoon++;
    });
  }
  const late = await db
    .select(caseColumns)
    .from(cases)
    .where(and(inArray(cases.status, [...OPEN_FOR_REVIEW]), lt(cases.dueAt, now)));
  for (const c of late) {
    await db.transaction(async (tx) => {
      if (!(await firstAlert(tx, c.id, "overdue", c.dueAt!))) return;
      const forPhysicians = c.physicianOnly || APPEAL_STATUSES.includes(c.status);
      const recipients = c.assigneeId
        ? await usersByIds(tx, [c.assigneeId])
        : forPhysicians
          ? await physicians(tx)
          : await tx
              .select({ id: users.id, email: users.email, role: users.role })
              .from(users)
              .where(and(eq(users.role, "nurse_reviewer"), eq(users.active, true)));
      await notify(tx, recipients, {
        event: "case.overdue",
        caseRow: c as NotifiedCase,
        body: `Was due ${formatPlanDateTime(c.dueAt)}.`,
      });
      counts.overdue++;
    });
  }
  return counts;
}

/** The daily digest: one email per person who chose it, listing the chosen events' notifications since the last digest. */
export async function runDailyDigest(db: Db, now: Date = new Date()): Promise<number> {
  const people = await db
    .select({
      userId: notificationPreferences.userId,
      events: notificationPreferences.emailEvents,
      since: notificationPreferences.digestSentAt,
      email: users.email,
    })
    .from(notificationPreferences)
    .innerJoin(users, and(eq(users.id, notificationPreferences.userId), eq(users.active, true)))
    .where(eq(notificationPreferences.emailMode, "daily"));
  let sent = 0;
  for (const p of people) {
    const since = p.since ?? new Date(now.getTime() - DAY_MS);
    await db.transaction(async (tx) => {
      const items = p.events.length
        ? await tx
            .select({ title: notifications.title })
            .from(notifications)
            .where(
              and(
                eq(notifications.userId, p.userId),
                gte(notifications.createdAt, since),
                lt(notifications.createdAt, now),
                inArray(notifications.kind, p.events),
              ),
            )
            .orderBy(notifications.createdAt)
        : [];
      await tx
        .update(notificationPreferences)
        .set({ digestSentAt: now })
        .where(eq(notificationPreferences.userId, p.userId));
      if (!items.length) return;
      await enqueueEmail(
        tx,
        "notification_digest",
        p.email,
        digestEmail(
          items.map((i) => i.title),
          `${portalBaseUrl()}/notifications`,
        ),
      );
      sent++;
    });
  }
  return sent;
}

/** Days a notification is kept (NOTIFICATION_RETENTION_DAYS, at least 1); the bell and page show the newest 100 anyway. */
const NOTIFICATION_RETENTION_DAYS = Math.max(1, Number(process.env.NOTIFICATION_RETENTION_DAYS ?? 180) || 180);
const CLEANUP_BATCH = 5000;

/**
 * Deletes notifications older than the retention period, read or not, in batches (short
 * transactions), and job windows of the same age (only the current window's row matters).
 * Due-alert keys stay: one of a case still open would otherwise alert again. Returns how many
 * notifications went.
 */
export async function cleanOldNotifications(
  db: Db,
  now: Date = new Date(),
  retentionDays = NOTIFICATION_RETENTION_DAYS,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  let deleted = 0;
  for (;;) {
    const rows = await db
      .delete(notifications)
      .where(
        inArray(
          notifications.id,
          sql`(select ${notifications.id} from ${notifications} where ${notifications.createdAt} < ${cutoff.toISOString()}::timestamptz limit ${CLEANUP_BATCH})`,
        ),
      )
      .returning({ id: notifications.id });
    deleted += rows.length;
    if (rows.length < CLEANUP_BATCH) break;
  }
  await db.delete(jobRuns).where(lt(jobRuns.windowStart, cutoff));
  return deleted;
}

/**
 * The scheduled jobs of one worker pass: each runs once per window across every instance (the
 * window row is claimed first, so of several instances exactly one runs it). The digest and the
 * clean-up run once per plan day, from the first pass after midnight in America/New_York.
 */
export async function runScheduledJobs(
  db: Db,
  now: Date = new Date(),
): Promise<{ dueAlerts: boolean; digest: boolean; cleanup: boolean }> {
  const dueAlertsRan = await claimWindow(db, "due-alerts", now, DUE_ALERT_WINDOW_MS);
  if (dueAlertsRan) await runDueAlerts(db, now);
  const digestRan = await claimWindow(db, "daily-digest-plan-day", now, "plan-day");
  if (digestRan) await runDailyDigest(db, now);
  const cleanupRan = await claimWindow(db, "notification-retention", now, "plan-day");
  if (cleanupRan) await cleanOldNotifications(db, now);
  return { dueAlerts: dueAlertsRan, digest: digestRan, cleanup: cleanupRan };
}

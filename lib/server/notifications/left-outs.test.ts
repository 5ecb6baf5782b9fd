// Issue 15's left-outs: a withdrawal tells the reviewer holding the case; old notifications are
// cleaned by the scheduler (one instance per window); the digest runs at the plan's midnight.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import { jobRuns, notifications, outbox, webhookEndpoints } from "@/db/schema";
import { startOfDayInZone } from "@/lib/due-time";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenPeople, givenSubmittedCase, givenUser } from "@/test/given";
import { withdrawCase } from "../cases/withdraw-case";
import { claimCase } from "../review/claim-case";
import { createWebhookEndpoint } from "../webhooks/endpoints";
import { claimWindow, cleanOldNotifications, runScheduledJobs } from "./scheduler";
import { setNotificationPreferences } from "./notifications";
import { REVIEWER_EMAIL_EVENTS } from "@/lib/domain";

let handle: DatabaseHandle;
let db: Db;
type User = Awaited<ReturnType<typeof givenUser>>;
let provider: User, provider2: User, nurse: User, nurse2: User;
const DAY = 86_400_000;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  ({ provider, provider2, nurse, nurse2 } = await givenPeople(db, {
    provider: "provider",
    provider2: "provider",
    nurse: "nurse_reviewer",
    nurse2: "nurse_reviewer",
  }));
});
afterAll(() => handle?.close());
beforeEach(async () => {
  await db.delete(notifications);
  await db.delete(outbox);
  await db.delete(jobRuns);
});

describe("a withdrawal", () => {
  it("tells the reviewer who holds the case (once, linking to the review), as well as the providers; one webhook", async () => {
    await createWebhookEndpoint(ctxFor(db, provider), {
      url: "http://127.0.0.1:4255/hooks",
      events: ["case.withdrawn"],
    });
    const c = (await givenSubmittedCase(db, { provider: ctxFor(db, provider) })).case;
    const claimed = await claimCase(ctxFor(db, nurse), { caseId: c.id, version: c.version });
    await db.delete(notifications);
    await db.delete(outbox);
    // Reviewers may choose email for it (the notifications page offers it to them).
    await setNotificationPreferences(ctxFor(db, nurse), { emailMode: "instant", emailEvents: ["case.withdrawn"] });
    await withdrawCase(ctxFor(db, provider), { caseId: c.id, version: claimed.version, reason: "no_longer_needed" });
    expect((await db.select().from(outbox).where(eq(outbox.kind, "notification"))).map((m) => m.recipient)).toEqual([
      nurse.email,
    ]);
    expect(REVIEWER_EMAIL_EVENTS).toContain("case.withdrawn");
    const rows = await db.select().from(notifications).where(eq(notifications.caseId, c.id));
    const who = new Map([
      [provider.id, "provider"],
      [provider2.id, "provider2"],
      [nurse.id, "nurse"],
      [nurse2.id, "nurse2"],
    ]);
    expect(rows.map((r) => `${who.get(r.userId)}:${r.kind}`).sort()).toEqual([
      "nurse:case.withdrawn",
      "provider2:case.withdrawn",
      "provider:case.withdrawn",
    ]);
    expect(rows.find((r) => r.userId === nurse.id)!.link).toBe(`/review/${c.id}`);
    expect(await db.select().from(outbox).where(eq(outbox.kind, "case.withdrawn"))).toHaveLength(1);
    await db.update(webhookEndpoints).set({ status: "disabled" });
  });

  it("of an unheld case tells the providers only", async () => {
    const c = (await givenSubmittedCase(db, { provider: ctxFor(db, provider) })).case;
    await db.delete(notifications);
    await withdrawCase(ctxFor(db, provider), { caseId: c.id, version: c.version, reason: "no_longer_needed" });
    const rows = await db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(eq(notifications.caseId, c.id));
    expect(rows.map((r) => r.userId).sort()).toEqual([provider.id, provider2.id].sort());
  });
});

describe("notification retention", () => {
  it("deletes notifications older than the retention period, read or not, and keeps the rest", async () => {
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() - days * DAY);
    await db.insert(notifications).values([
      { userId: nurse.id, kind: "case.overdue", title: "PA-OLD-1: Overdue", link: "/queue", createdAt: at(181) },
      {
        userId: nurse.id,
        kind: "case.overdue",
        title: "PA-OLD-2: Overdue",
        link: "/queue",
        createdAt: at(400),
        readAt: at(399),
      },
      { userId: nurse.id, kind: "case.overdue", title: "PA-KEEP-1: Overdue", link: "/queue", createdAt: at(179) },
      {
        userId: provider.id,
        kind: "case.received",
        title: "PA-KEEP-2: Case received",
        link: "/cases",
        createdAt: at(0),
      },
    ]);
    expect(await cleanOldNotifications(db, now, 180)).toBe(2);
    expect((await db.select({ title: notifications.title }).from(notifications)).map((r) => r.title).sort()).toEqual([
      "PA-KEEP-1: Overdue",
      "PA-KEEP-2: Case received",
    ]);
    expect(await cleanOldNotifications(db, now, 180)).toBe(0);
  });

  it("runs from the scheduler once per plan day, on one instance of several", async () => {
    const now = new Date("2026-06-01T12:00:00Z");
    await db.insert(notifications).values({
      userId: nurse.id,
      kind: "case.overdue",
      title: "PA-OLD-3: Overdue",
      link: "/queue",
      createdAt: new Date(now.getTime() - 365 * DAY),
    });
    const runs = await Promise.all([runScheduledJobs(db, now), runScheduledJobs(db, now), runScheduledJobs(db, now)]);
    expect(runs.map((r) => r.cleanup).sort()).toEqual([false, false, true]);
    expect(await db.select().from(notifications).where(eq(notifications.title, "PA-OLD-3: Overdue"))).toEqual([]);
    expect((await runScheduledJobs(db, new Date(now.getTime() + 6 * 3600_000))).cleanup).toBe(false); // same plan day
  });
});

describe("the daily digest's window is the plan's calendar day (America/New_York)", () => {
  it("plan midnights, across both daylight-saving changes", () => {
    expect(startOfDayInZone(new Date("2026-01-15T03:00:00Z"), "America/New_York").toISOString()).toBe(
      "2026-01-14T05:00:00.000Z",
    );
    expect(startOfDayInZone(new Date("2026-01-15T05:00:00Z"), "America/New_York").toISOString()).toBe(
      "2026-01-15T05:00:00.000Z",
    );
    expect(startOfDayInZone(new Date("2026-07-01T03:59:59Z"), "America/New_York").toISOString()).toBe(
      "2026-06-30T04:00:00.000Z",
    );
    expect(startOfDayInZone(new Date("2026-03-08T12:00:00Z"), "America/New_York").toISOString()).toBe(
      "2026-03-08T05:00:00.000Z",
    ); // a 23-hour day
    expect(startOfDayInZone(new Date("2026-03-09T12:00:00Z"), "America/New_York").toISOString()).toBe(
      "2026-03-09T04:00:00.000Z",
    );
    expect(startOfDayInZone(new Date("2026-11-01T12:00:00Z"), "America/New_York").toISOString()).toBe(
      "2026-11-01T04:00:00.000Z",
    ); // a 25-hour day
    expect(startOfDayInZone(new Date("2026-11-02T04:30:00Z"), "America/New_York").toISOString()).toBe(
      "2026-11-01T04:00:00.000Z",
    );
  });

  it("runs once from the first pass after midnight ET, not after midnight UTC", async () => {
    const digestAt = async (iso: string) => (await runScheduledJobs(db, new Date(iso))).digest;
    expect(await digestAt("2026-01-14T23:30:00Z")).toBe(true); // 6:30 PM ET on the 14th: that plan day's first pass
    expect(await digestAt("2026-01-15T00:30:00Z")).toBe(false); // past midnight UTC, still the 14th in New York
    expect(await digestAt("2026-01-15T04:59:00Z")).toBe(false);
    expect(await digestAt("2026-01-15T05:00:30Z")).toBe(true); // 12:00 AM ET on the 15th
    expect(await digestAt("2026-01-15T12:00:00Z")).toBe(false);
    // Summer (EDT): midnight is 04:00 UTC.
    expect(await digestAt("2026-07-01T03:59:00Z")).toBe(true);
    expect(await digestAt("2026-07-01T04:00:10Z")).toBe(true);
    // Two instances at the same moment: one runs it.
    const [a, b] = await Promise.all([
      claimWindow(db, "daily-digest-plan-day", new Date("2026-07-02T04:00:05Z"), "plan-day"),
      claimWindow(db, "daily-digest-plan-day", new Date("2026-07-02T04:00:05Z"), "plan-day"),
    ]);
    expect([a, b].sort()).toEqual([false, true]);
  });
});

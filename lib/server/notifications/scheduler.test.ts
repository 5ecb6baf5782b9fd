import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle, Db } from "@/db/client";
import { cases, dueAlerts, jobRuns, notifications, outbox } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenPeople, givenUser } from "@/test/given";
import { insertCaseRowForTest } from "@/test/given";
import { documentedRequest } from "@/lib/policy/fixtures";
import { runDailyDigest, runDueAlerts, runScheduledJobs } from "./scheduler";
import { setNotificationPreferences } from "./notifications";

let handle: DatabaseHandle;
let db: Db;
type User = Awaited<ReturnType<typeof givenUser>>;
let provider: User, nurse: User, nurse2: User, physician: User;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  ({ provider, nurse, nurse2, physician } = await givenPeople(db, {
    provider: "provider",
    nurse: "nurse_reviewer",
    nurse2: "nurse_reviewer",
    physician: "physician_reviewer",
  }));
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  await db.delete(notifications);
  await db.delete(dueAlerts);
  await db.delete(jobRuns);
  await db.delete(outbox);
});

const HOUR = 3600_000;
/** A case submitted so that it is due at `dueAt` (standard: 7 days; expedited: 72 h). */
async function caseDue(options: {
  urgency: "standard" | "expedited";
  held?: User | null;
  dueAt: Date;
  physicianOnly?: boolean;
}) {
  const request = documentedRequest("chronic_nonmalignant_pain", "trial");
  request.request.urgency = options.urgency;
  const made = await insertCaseRowForTest(db, {
    organizationId: provider.organizationId,
    createdBy: provider.id,
    request,
    status: options.held ? "in_review" : "submitted",
    assigneeId: options.held?.id ?? null,
    physicianOnly: options.physicianOnly,
  });
  const { eq } = await import("drizzle-orm");
  await db.update(cases).set({ dueAt: options.dueAt }).where(eq(cases.id, made.case.id));
  return made.case;
}

async function alerts() {
  const rows = await db
    .select({ userId: notifications.userId, kind: notifications.kind, caseId: notifications.caseId })
    .from(notifications);
  const who = new Map([
    [nurse.id, "nurse"],
    [nurse2.id, "nurse2"],
    [physician.id, "physician"],
  ]);
  return rows.map((r) => `${who.get(r.userId) ?? "other"}:${r.kind}`).sort();
}

describe("the due-time scheduler at a frozen clock", () => {
  it("alerts the holder within 24 h (standard) / 12 h (expedited), the claimers when overdue, once across two instances and later windows", async () => {
    const now = new Date("2026-06-01T12:00:00Z");
    await caseDue({ urgency: "standard", held: nurse, dueAt: new Date(now.getTime() + 20 * HOUR) }); // due soon
    await caseDue({ urgency: "standard", held: nurse, dueAt: new Date(now.getTime() + 30 * HOUR) }); // not yet
    await caseDue({ urgency: "expedited", held: nurse2, dueAt: new Date(now.getTime() + 11 * HOUR) }); // due soon
    await caseDue({ urgency: "expedited", held: nurse2, dueAt: new Date(now.getTime() + 13 * HOUR) }); // not yet (12 h)
    await caseDue({ urgency: "standard", held: null, dueAt: new Date(now.getTime() + 2 * HOUR) }); // not held: no due-soon
    await caseDue({ urgency: "standard", held: null, dueAt: new Date(now.getTime() - HOUR) }); // overdue, unheld: nurses
    await caseDue({ urgency: "standard", held: null, dueAt: new Date(now.getTime() - HOUR), physicianOnly: true }); // overdue: physicians
    await caseDue({ urgency: "standard", held: physician, dueAt: new Date(now.getTime() - 2 * HOUR) }); // overdue, held
    // Two instances at the same moment (on PostgreSQL, two pooled connections race for the window row).
    const [a, b] = await Promise.all([runScheduledJobs(db, now), runScheduledJobs(db, now)]);
    expect([a.dueAlerts, b.dueAlerts].sort()).toEqual([false, true]);
    const expected = [
      "nurse2:case.due_soon",
      "nurse2:case.overdue",
      "nurse:case.due_soon",
      "nurse:case.overdue",
      "physician:case.overdue",
      "physician:case.overdue",
    ].sort();
    expect(await alerts()).toEqual(expected);
    // Later windows, later instances: nothing twice for the same case and threshold.
    await runScheduledJobs(db, new Date(now.getTime() + 10 * 60_000));
    await runScheduledJobs(db, new Date(now.getTime() + 20 * 60_000));
    expect(await alerts()).toEqual(expected);
    // Seven hours on, the 30 h case enters its 24 h window: one new alert.
    await runScheduledJobs(db, new Date(now.getTime() + 7 * HOUR));
    expect((await alerts()).filter((a) => a === "nurse:case.due_soon")).toHaveLength(2);
  });
});

describe("the daily digest", () => {
  it("sends one email with the chosen events since the last digest, then nothing until new ones", async () => {
    await setNotificationPreferences(ctxFor(db, nurse), { emailMode: "daily", emailEvents: ["case.overdue"] });
    // Notifications carry the database's own time: this test runs on the real clock.
    const now = new Date();
    await caseDue({ urgency: "standard", held: nurse, dueAt: new Date(now.getTime() - HOUR) });
    expect(await runDailyDigest(db, now)).toBe(0); // nothing yet; the digest clock starts now
    await runDueAlerts(db, new Date(now.getTime() + 60_000)); // the overdue alert
    const digestAt = new Date(Date.now() + 1000);
    expect(await runDailyDigest(db, digestAt)).toBe(1);
    const [mail] = await db.select().from(outbox);
    expect(mail!.recipient).toBe(nurse.email);
    expect((mail!.payload as { text: string }).text).toMatch(/- PA-T-[0-9a-f]+: Overdue/);
    expect(await runDailyDigest(db, new Date(digestAt.getTime() + 1000))).toBe(0);
  });
});

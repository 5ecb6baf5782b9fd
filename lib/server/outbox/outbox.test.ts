import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import { outbox } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { startTestSmtpServer } from "@/test/smtp";
import { enqueueEmail } from "./enqueue";
import { smtpTransport } from "./transport";
import { deliverDue, MAX_ATTEMPTS, retryDelayMs } from "./worker";

let handle: DatabaseHandle;
let db: Db;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  smtp = await startTestSmtpServer(42121);
});
afterAll(async () => {
  await smtp?.close();
  await handle?.close();
});
beforeEach(async () => {
  await db.delete(outbox);
  smtp.received.length = 0;
  smtp.state.refuse = false;
});

const queue = (to: string, n = 1) =>
  db.transaction(async (tx) => {
    for (let i = 0; i < n; i++)
      await enqueueEmail(tx, "invitation", to, {
        subject: `Invitation ${i}`,
        text: `Open https://portal.example/invite/tok${i} to start.`,
        link: `https://portal.example/invite/tok${i}`,
      });
  });

describe("outbox", () => {
  it("holds nothing when the action's transaction rolls back", async () => {
    await expect(
      db.transaction(async (tx) => {
        await enqueueEmail(tx, "invitation", "a@example.test", { subject: "x", text: "y" });
        throw new Error("the action failed");
      }),
    ).rejects.toThrow("the action failed");
    expect(await db.select().from(outbox)).toHaveLength(0);
  });

  it("delivers through SMTP, then forgets the link", async () => {
    await queue("dana@example.test");
    const result = await deliverDue(db, smtpTransport(smtp.url));
    expect(result).toEqual({ sent: 1, held: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(["dana@example.test"]);
    expect(smtp.received[0]!.subject).toBe("Invitation 0");
    expect(smtp.received[0]!.text).toContain("https://portal.example/invite/tok0");
    const [row] = await db.select().from(outbox);
    expect(row!.status).toBe("sent");
    expect(JSON.stringify(row!.payload)).not.toContain("tok0");
    // A second pass sends nothing again.
    expect(await deliverDue(db, smtpTransport(smtp.url))).toEqual({ sent: 0, held: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it("two workers racing deliver every message exactly once", async () => {
    await queue("race@example.test", 12);
    const a = smtpTransport(smtp.url);
    const b = smtpTransport(smtp.url);
    const [ra, rb] = await Promise.all([deliverDue(db, a, { limit: 12 }), deliverDue(db, b, { limit: 12 })]);
    expect(ra.sent + rb.sent).toBe(12);
    const subjects = smtp.received.map((m) => m.subject).sort();
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(subjects).toHaveLength(12);
    const rows = await db.select().from(outbox);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("retries a refused message later, and gives up after the last attempt", async () => {
    await queue("retry@example.test");
    smtp.state.refuse = true;
    const t0 = new Date();
    expect((await deliverDue(db, smtpTransport(smtp.url), { now: t0 })).failed).toBe(1);
    let [row] = await db.select().from(outbox);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.nextAttemptAt.getTime()).toBe(t0.getTime() + retryDelayMs(1));
    // Not due yet: nothing is tried.
    expect(await deliverDue(db, smtpTransport(smtp.url), { now: t0 })).toEqual({ sent: 0, held: 0, failed: 0 });
    smtp.state.refuse = false;
    expect((await deliverDue(db, smtpTransport(smtp.url), { now: row!.nextAttemptAt })).sent).toBe(1);
    expect(smtp.received).toHaveLength(1);

    await db.delete(outbox);
    await queue("dead@example.test");
    smtp.state.refuse = true;
    let now = new Date();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverDue(db, smtpTransport(smtp.url), { now });
      [row] = await db.select().from(outbox);
      now = row!.nextAttemptAt;
    }
    expect(row).toMatchObject({ status: "dead", attempts: MAX_ATTEMPTS });
    expect(row!.lastError).toBeTruthy();
  });

  it("without a transport holds the message, readable, and logs only recipient, subject and link", async () => {
    await queue("held@example.test");
    const logged: string[] = [];
    const original = console.info;
    console.info = (m: string) => void logged.push(m);
    try {
      expect(await deliverDue(db, null)).toEqual({ sent: 0, held: 1, failed: 0 });
    } finally {
      console.info = original;
    }
    const [row] = await db.select().from(outbox).where(eq(outbox.recipient, "held@example.test"));
    expect(row!.status).toBe("held");
    expect(row!.payload).toMatchObject({ link: "https://portal.example/invite/tok0" });
    expect(logged).toEqual([
      '[outbox] invitation for held@example.test held (no SMTP_URL): "Invitation 0" https://portal.example/invite/tok0',
    ]);
  });
});

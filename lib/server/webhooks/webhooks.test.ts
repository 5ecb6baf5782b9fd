import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import { notifications, outbox, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { createTestDatabase, onPostgres } from "@/test/db";
import { ctxFor, givenPeople, givenUser } from "@/test/given";
import { startTestWebhookReceiver, type ReceivedWebhook } from "@/test/webhook-receiver";
import { documentedRequest } from "@/lib/policy/fixtures";
import { submitCase } from "../cases/submit-case";
import { getCaseDetail } from "../cases/get-case-detail";
import { caseSummaryJson } from "../cases/case-summary";
import { claimCase } from "../review/claim-case";
import { pendCase } from "../review/pend-case";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import {
  createWebhookEndpoint,
  disableWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  sendWebhookTestEvent,
} from "./endpoints";
import { deliverWebhooksDue, WEBHOOK_RETRY_WINDOW_MS, webhookRetryDelayMs } from "./deliver";
import { openWebhookSecret } from "./webhook-secrets";
import { pinnedFetch } from "./pinned-post";
import { checkWebhookUrl, isPublicAddress } from "./url-guard";

let handle: DatabaseHandle;
let db: Db;
type User = Awaited<ReturnType<typeof givenUser>>;
let provider: User, otherProvider: User, nurse: User, admin: User;
let receiver: Awaited<ReturnType<typeof startTestWebhookReceiver>>;
let received: ReceivedWebhook[];
const port = 42151;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  ({ provider, nurse, admin } = await givenPeople(db, {
    provider: "provider",
    nurse: "nurse_reviewer",
    admin: "admin",
  }));
  otherProvider = await givenUser(db, "provider");
  receiver = await startTestWebhookReceiver(port);
  received = receiver.received;
});
afterAll(async () => {
  await receiver?.close();
  await handle?.close();
});
beforeEach(async () => {
  await db.delete(webhookDeliveries);
  await db.delete(outbox);
  await db.delete(notifications);
  await db.update(webhookEndpoints).set({ status: "disabled" });
  received.length = 0;
  receiver.state.failFirst = 0;
});

async function register(events: string[] = ["case.received", "case.information_requested"]) {
  const created = await createWebhookEndpoint(ctxFor(db, provider), { url: `http://127.0.0.1:${port}/hooks`, events });
  receiver.secrets["/hooks"] = created.secret;
  return created;
}
const submit = () =>
  submitCase(ctxFor(db, provider), {
    request: documentedRequest("chronic_nonmalignant_pain", "trial"),
    memberId: "M-HOOK",
    memberName: "Hook Member",
  });

describe("webhooks", () => {
  it("registers an endpoint with a secret shown once and stored encrypted", async () => {
    const created = await register();
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.id));
    expect(row!.secretCiphertext).not.toContain(created.secret.slice(6));
    expect(openWebhookSecret(row!.secretCiphertext)).toBe(created.secret);
    const listed = await listWebhookEndpoints(ctxFor(db, provider));
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(6));
  });

  it("only the organization's providers manage its endpoints (refusals are 403/404)", async () => {
    const created = await register();
    await expect(
      createWebhookEndpoint(ctxFor(db, nurse), { url: "https://example.org/h", events: ["case.received"] }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // Administrators manage the plan's own endpoints (audit anchors), never a practice's.
    expect((await listWebhookEndpoints(ctxFor(db, admin))).map((e) => e.id)).not.toContain(created.id);
    await expect(sendWebhookTestEvent(ctxFor(db, admin), { endpointId: created.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(listWebhookDeliveries(ctxFor(db, otherProvider), { endpointId: created.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(sendWebhookTestEvent(ctxFor(db, otherProvider), { endpointId: created.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(disableWebhookEndpoint(ctxFor(db, otherProvider), { endpointId: created.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await listWebhookEndpoints(ctxFor(db, otherProvider))).toEqual([]);
  });

  it("delivers a subscribed event signed per Standard Webhooks, with the API's case summary as the body", async () => {
    await register(["case.received"]);
    const c = await submit();
    const r = await deliverWebhooksDue(db);
    expect(r).toEqual({ delivered: 1, failed: 0, gaveUp: 0 });
    expect(received).toHaveLength(1);
    const hit = received[0]!;
    expect(hit.verified).not.toBeNull();
    expect(hit.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
    const body = JSON.parse(hit.body) as { type: string; data: unknown };
    expect(body.type).toBe("case.received");
    // The same JSON the API answers for GET /api/v1/cases/{id}.
    expect(body.data).toEqual(
      JSON.parse(JSON.stringify(caseSummaryJson(await getCaseDetail(ctxFor(db, provider), c.id)))),
    );
    expect(hit.body).not.toContain("Hook Member");
    // Not subscribed to information requests: a pend sends nothing.
    const claim = await claimCase(ctxFor(db, nurse), { caseId: c.id, version: c.version });
    await pendCase(ctxFor(db, nurse), {
      caseId: c.id,
      version: claim.version,
      message: "Please send the psychological evaluation.",
      items: ["psychological evaluation"],
    });
    expect(await deliverWebhooksDue(db)).toEqual({ delivered: 0, failed: 0, gaveUp: 0 });
  });

  it("retries with a doubling delay after failures (same webhook-id), and logs each attempt", async () => {
    const created = await register(["case.received"]);
    receiver.state.failFirst = 2;
    await submit();
    const t0 = new Date();
    expect(await deliverWebhooksDue(db, { now: t0 })).toMatchObject({ failed: 1 });
    let [row] = await db.select().from(outbox);
    expect(row!.nextAttemptAt.getTime()).toBe(t0.getTime() + webhookRetryDelayMs(1));
    expect(await deliverWebhooksDue(db, { now: t0 })).toEqual({ delivered: 0, failed: 0, gaveUp: 0 }); // not due yet
    const t1 = row!.nextAttemptAt;
    expect(await deliverWebhooksDue(db, { now: t1 })).toMatchObject({ failed: 1 });
    [row] = await db.select().from(outbox);
    expect(row!.nextAttemptAt.getTime()).toBe(t1.getTime() + webhookRetryDelayMs(2));
    expect(webhookRetryDelayMs(2)).toBe(2 * webhookRetryDelayMs(1));
    expect(await deliverWebhooksDue(db, { now: row!.nextAttemptAt })).toMatchObject({ delivered: 1 });
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(received.every((r) => r.verified !== null)).toBe(true);
    const log = await listWebhookDeliveries(ctxFor(db, provider), { endpointId: created.id });
    expect(log.deliveries.map((d) => [d.attempt, d.statusCode]).sort()).toEqual([
      [1, 500],
      [2, 500],
      [3, 204],
    ]);
    [row] = await db.select().from(outbox);
    expect(row!.status).toBe("sent");
    expect(JSON.stringify(row!.payload)).not.toContain("M-HOOK");
  });

  it("gives up 24 h after queueing: the endpoint is marked failing and its providers told once", async () => {
    const created = await register(["case.received"]);
    receiver.state.failFirst = 1000;
    await submit();
    await submit();
    const [first] = await db.select().from(outbox);
    let now = new Date();
    let attempts = 0;
    while (attempts < 40) {
      await deliverWebhooksDue(db, { now });
      attempts++;
      const rows = await db.select().from(outbox).where(eq(outbox.channel, "webhook"));
      if (rows.every((r) => r.status === "dead")) break;
      now = new Date(Math.min(...rows.filter((r) => r.status === "pending").map((r) => r.nextAttemptAt.getTime())));
    }
    const rows = await db.select().from(outbox).where(eq(outbox.channel, "webhook"));
    expect(rows.map((r) => r.status)).toEqual(["dead", "dead"]);
    expect(rows[0]!.attempts).toBeGreaterThanOrEqual(10);
    expect(rows[0]!.attempts).toBeLessThanOrEqual(13);
    expect(now.getTime() - first!.createdAt.getTime()).toBeGreaterThanOrEqual(WEBHOOK_RETRY_WINDOW_MS);
    const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.id));
    expect(endpoint!.status).toBe("failing");
    const notices = await db.select().from(notifications).where(eq(notifications.kind, "webhook.failing"));
    expect(notices.map((n) => n.userId)).toEqual([provider.id]);
    expect((await db.select().from(outbox).where(eq(outbox.kind, "webhook_failing"))).map((m) => m.recipient)).toEqual([
      provider.email,
    ]);
    // A successful test event brings it back.
    receiver.state.failFirst = 0;
    await sendWebhookTestEvent(ctxFor(db, provider), { endpointId: created.id });
    expect(await deliverWebhooksDue(db, { now: new Date(now.getTime() + 1) })).toMatchObject({ delivered: 1 });
    expect(JSON.parse(received.at(-1)!.body).type).toBe("webhook.test");
    expect((await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.id)))[0]!.status).toBe(
      "active",
    );
  });

  it("two workers whose passes overlap deliver each message once", async () => {
    await register(["case.received"]);
    for (let i = 0; i < 8; i++) await submit();
    // Barrier: no POST leaves until both workers have claimed, so the second claims while the first holds its four unsent.
    // On PGlite (one connection) the two claim transactions run one after the other; on PostgreSQL they overlap too.
    let release!: () => void;
    const bothClaimed = new Promise<void>((resolve) => (release = resolve));
    const claimedBy = new Set<string>();
    const claimed = (worker: string) => {
      claimedBy.add(worker);
      if (claimedBy.size === 2) release();
    };
    const sentBy: Record<"a" | "b", string[]> = { a: [], b: [] };
    const worker = (name: "a" | "b") =>
      deliverWebhooksDue(db, {
        limit: 4,
        pin: (addresses) => {
          claimed(name);
          const post = pinnedFetch(addresses);
          return async (url, init) => {
            await bothClaimed;
            sentBy[name].push(new Headers(init.headers).get("webhook-id")!);
            return post(url, init);
          };
        },
      }).finally(() => claimed(name));
    const [a, b] = await Promise.all([worker("a"), worker("b")]);
    expect(a).toEqual({ delivered: 4, failed: 0, gaveUp: 0 });
    expect(b).toEqual({ delivered: 4, failed: 0, gaveUp: 0 });
    expect(sentBy.a).toHaveLength(4);
    expect(sentBy.b).toHaveLength(4);
    expect(new Set([...sentBy.a, ...sentBy.b]).size).toBe(8);
    expect(received).toHaveLength(8);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(8);
    expect((await db.select().from(outbox).where(eq(outbox.channel, "webhook"))).map((r) => r.status)).toEqual(
      Array(8).fill("sent"),
    );
  });

  it.runIf(onPostgres())(
    "two workers whose claim transactions overlap take four messages each (PostgreSQL: concurrent workers)",
    async () => {
      // PGlite has one connection, so only PostgreSQL can hold both claim transactions open at the same time.
      await register(["case.received"]);
      for (let i = 0; i < 8; i++) await submit();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const tableLocked = new Promise<void>((resolve) => (locked = resolve));
      // A SHARE lock lets both claims select and lock their rows but holds their UPDATE, so both are inside the claim at once.
      const holder = db.transaction(async (tx) => {
        await tx.execute(sql`lock table outbox in share mode`);
        locked();
        await held;
      });
      await tableLocked;
      const workers = Promise.all([deliverWebhooksDue(db, { limit: 4 }), deliverWebhooksDue(db, { limit: 4 })]);
      const waiting = async () =>
        (
          await db
            .select({ n: sql<number>`count(*)::int` })
            .from(sql`pg_stat_activity`)
            .where(sql`datname = current_database() and wait_event_type = 'Lock'`)
        )[0]!.n;
      await expect.poll(waiting, { timeout: 10_000 }).toBe(2);
      release();
      await holder;
      const [a, b] = await workers;
      expect(a).toEqual({ delivered: 4, failed: 0, gaveUp: 0 });
      expect(b).toEqual({ delivered: 4, failed: 0, gaveUp: 0 });
      expect(received).toHaveLength(8);
      expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(8);
    },
  );

  it("refuses http except to loopback in development, and private or link-local addresses in production", async () => {
    expect(await checkWebhookUrl("http://127.0.0.1:9/x", { strict: false })).toMatchObject({ ok: true });
    expect(await checkWebhookUrl("http://example.org/x", { strict: false })).toMatchObject({ ok: false });
    expect(await checkWebhookUrl("http://127.0.0.1:9/x", { strict: true })).toMatchObject({ ok: false });
    const resolveTo = (addr: string) => ({ strict: true, resolve: async () => [addr] });
    for (const bad of [
      "10.0.0.5",
      "192.168.1.1",
      "172.16.3.4",
      "169.254.169.254",
      "127.0.0.1",
      "100.64.0.1",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:10.0.0.1",
    ])
      expect(await checkWebhookUrl("https://hooks.example.org/x", resolveTo(bad)), bad).toMatchObject({
        ok: false,
        // The kind of address, never the address (it would map the portal's own network).
        reason: expect.stringMatching(
          /^leads to (this machine|a [a-z -]+ address)[^;]*; only public internet addresses are allowed$/i,
        ),
      });
    expect(await checkWebhookUrl("https://hooks.example.org/x", resolveTo("93.184.216.34"))).toMatchObject({
      ok: true,
    });
    expect(await checkWebhookUrl("https://169.254.169.254/latest", { strict: true })).toMatchObject({ ok: false });
    expect(isPublicAddress("2606:4700::1111")).toBe(true);
    await expect(
      createWebhookEndpoint(ctxFor(db, provider), { url: "http://example.org/x", events: ["case.received"] }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("refuses a bad endpoint in plain words a person understands, and saves nothing", async () => {
    const refusal = async (input: unknown) => {
      const err = await createWebhookEndpoint(ctxFor(db, provider), input).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      return (err as ValidationError).userMessage;
    };
    const before = (await db.select().from(webhookEndpoints)).length;
    const long = `https://hooks.example.org/${"a".repeat(5000)}`;
    expect(await refusal({ url: long, events: ["case.received"] })).toBe(
      `The address is too long: at most 2,000 characters, and this one has ${long.length.toLocaleString("en-US")}.`,
    );
    expect(await refusal({ url: "hooks example", events: ["case.received"] })).toBe(
      "The address is not a web address: write it in full, starting with https://",
    );
    // A provider is never shown the plan's own events, nor an array index.
    const notYours = await refusal({
      url: "https://hooks.example.org/x",
      events: ["case.received", "audit.checkpoint"],
    });
    expect(notYours).toMatch(
      /^"Audit checkpoint signed" is not an event your organization can subscribe to\. Choose from: /,
    );
    expect(notYours).not.toMatch(/events\[|audit\.checkpoint/);
    const unknown = await refusal({ url: "https://hooks.example.org/x", events: ["case.exploded"] });
    expect(unknown).toBe('"case.exploded" is not a webhook event.');
    expect(await refusal({ url: "https://hooks.example.org/x", events: [] })).toBe("Choose at least one event.");
    // A cloud metadata address is refused for what it is, not for its scheme (development mode here).
    const metadata = await refusal({ url: "http://169.254.169.254/latest/meta-data", events: ["case.received"] });
    expect(metadata).toBe(
      "The address points to 169.254.169.254, a link-local address, where cloud servers expose their metadata; only public internet addresses are allowed.",
    );
    expect(await refusal({ url: "https://10.1.2.3/hook", events: ["case.received"] })).toMatch(
      /points to 10\.1\.2\.3, a private network address;/,
    );
    expect(await refusal({ url: "http://hooks.example.org/x", events: ["case.received"] })).toMatch(
      /^The address must start with https:\/\/, so what we send is encrypted/,
    );
    expect((await db.select().from(webhookEndpoints)).length).toBe(before);
  });

  it("the delivery log says when a failed delivery is tried next, and when it was given up", async () => {
    const created = await register(["case.received"]);
    receiver.state.failFirst = 100;
    await sendWebhookTestEvent(ctxFor(db, provider), { endpointId: created.id });
    const now = new Date();
    await deliverWebhooksDue(db, { now });
    let log = await listWebhookDeliveries(ctxFor(db, provider), { endpointId: created.id });
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({
      eventType: "webhook.test",
      statusCode: 500,
      outcome: { kind: "retry_at", at: new Date(now.getTime() + webhookRetryDelayMs(1)) },
    });
    // The next attempt after the 24-hour window is the last: the message is given up.
    await deliverWebhooksDue(db, { now: new Date(now.getTime() + WEBHOOK_RETRY_WINDOW_MS + 1) });
    log = await listWebhookDeliveries(ctxFor(db, provider), { endpointId: created.id });
    expect(log.deliveries.map((d) => d.outcome.kind)).toEqual(["given_up", "retried"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { DatabaseHandle } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { createLimiter, type LimiterStore } from "./rate-limit";
import { signInAllowed, signInLimiters } from "./auth/sign-in-throttle";

let handle: DatabaseHandle;
let redis: { quit(): Promise<unknown> } | undefined;
// Stores several app instances share (memory is one process's own).
const sharedStores: [string, () => LimiterStore][] = [
  ["PostgreSQL / PGlite table", () => ({ kind: "database", db: handle.db })],
];
// Redis runs beside the suite when TEST_REDIS_URL is set (CI sets it when a server answers).
const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) sharedStores.push(["Redis", () => ({ kind: "redis", client: redis! })]);
const stores: [string, () => LimiterStore][] = [["memory", () => ({ kind: "memory" })], ...sharedStores];

beforeAll(async () => {
  handle = await createTestDatabase();
  if (redisUrl) {
    const { createClient } = await import("redis");
    redis = await createClient({ url: redisUrl }).connect();
  }
});
afterAll(async () => {
  await redis?.quit();
  await handle?.close();
});

describe.each(stores)("limiter on %s", (_name, store) => {
  it("allows `points` per window, then refuses; keys are counted apart", async () => {
    const name = `t-${randomUUID()}`;
    const limiter = createLimiter({ name, points: 3, durationSeconds: 60, store: store() });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.take("k"));
    expect(results).toEqual([true, true, true, false]);
    expect(await limiter.take("other")).toBe(true);
  });
});

describe.each(sharedStores)("shared limiter on %s", (_name, store) => {
  it("two app instances (two limiters on one store) share the count", async () => {
    const name = `t-${randomUUID()}`;
    const one = createLimiter({ name, points: 4, durationSeconds: 60, store: store() });
    const two = createLimiter({ name, points: 4, durationSeconds: 60, store: store() });
    const results = [
      await one.take("k"),
      await two.take("k"),
      await one.take("k"),
      await two.take("k"),
      await one.take("k"),
      await two.take("k"),
    ];
    expect(results).toEqual([true, true, true, true, false, false]);
  });
});

describe("sign-in throttle", () => {
  it("keeps an account throttled however many other emails are tried (no eviction)", async () => {
    const limiters = signInLimiters({ kind: "memory" });
    const victim = "victim@northside.test";
    for (let i = 0; i < 10; i++) expect(await signInAllowed(victim, "198.51.100.1", limiters)).toBe(true);
    expect(await signInAllowed(victim, "198.51.100.1", limiters)).toBe(false);
    // 10,000 junk emails, each from its own address so no address limit stops them.
    for (let i = 0; i < 10_000; i++)
      await signInAllowed(`junk${i}@example.test`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, limiters);
    expect(await signInAllowed(victim, "198.51.100.2", limiters)).toBe(false);
  });

  it("checks the address first: attempts refused for the address do not use up the account", async () => {
    const limiters = signInLimiters({ kind: "memory" });
    for (let i = 0; i < 300; i++) await signInAllowed(`spray${i}@example.test`, "203.0.113.9", limiters);
    for (let i = 0; i < 20; i++)
      expect(await signInAllowed("someone@northside.test", "203.0.113.9", limiters)).toBe(false);
    // The account still has all its 10 attempts from another address.
    const fromElsewhere = [];
    for (let i = 0; i < 11; i++)
      fromElsewhere.push(await signInAllowed("someone@northside.test", "198.51.100.7", limiters));
    expect(fromElsewhere.filter(Boolean)).toHaveLength(10);
  });

  it("stores no email or address in the shared table (keys are hashed)", async () => {
    const limiters = signInLimiters({ kind: "database", db: handle.db });
    await signInAllowed("hashed@northside.test", "198.51.100.3", limiters);
    const keys = (await handle.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key).join(" ");
    expect(keys).toContain("signin-account:");
    expect(keys).not.toContain("hashed@northside.test");
    expect(keys).not.toContain("198.51.100.3");
  });
});

describe.each(stores)("concurrent takes on %s", (_name, store) => {
  it("count exactly as one take each: of 30 at once with 12 points, 12 are allowed, then none", async () => {
    const name = `t-${randomUUID()}`;
    const limiter = createLimiter({ name, points: 12, durationSeconds: 60, store: store() });
    const results = await Promise.all(Array.from({ length: 30 }, () => limiter.take("k")));
    expect(results.filter(Boolean)).toHaveLength(12);
    expect(await limiter.take("k")).toBe(false);
    expect(await limiter.take("other")).toBe(true);
  });
});

describe.each(sharedStores)("reserving limiter on %s", (_name, store) => {
  it("spends a busy key's reserve without the store, and never allows more than `points` across instances", async () => {
    const name = `t-${randomUUID()}`;
    const one = createLimiter({ name, points: 100, durationSeconds: 60, store: store(), reserveShare: 0.1 });
    const two = createLimiter({ name, points: 100, durationSeconds: 60, store: store(), reserveShare: 0.1 });
    // Bursts of 20 at once on both instances until both refuse.
    const allowed = { one: 0, two: 0 };
    for (let round = 0; round < 10; round++) {
      const [a, b] = await Promise.all([
        Promise.all(Array.from({ length: 20 }, () => one.take("k"))),
        Promise.all(Array.from({ length: 20 }, () => two.take("k"))),
      ]);
      allowed.one += a.filter(Boolean).length;
      allowed.two += b.filter(Boolean).length;
    }
    expect(allowed.one + allowed.two).toBeLessThanOrEqual(100);
    // Within the tolerance: what the other instance may still hold unspent (10 % of the window).
    expect(allowed.one + allowed.two).toBeGreaterThanOrEqual(90);
    // The store counts what was reserved as used: the window is full there too, so a third
    // instance without a reserve of its own is refused.
    const third = createLimiter({ name, points: 100, durationSeconds: 60, store: store() });
    expect(await third.take("k")).toBe(false);
    if (store().kind === "database") {
      const [row] = await handle.db
        .select({ points: rateLimits.points })
        .from(rateLimits)
        .where(sql`${rateLimits.key} like ${`${name}:%`}`);
      expect(row!.points).toBeGreaterThanOrEqual(100);
    }
  });

  it("one take at a time on two instances: refused once the window's points are used or reserved", async () => {
    const name = `t-${randomUUID()}`;
    const limiter = createLimiter({ name, points: 3, durationSeconds: 60, store: store(), reserveShare: 0.5 });
    const other = createLimiter({ name, points: 3, durationSeconds: 60, store: store(), reserveShare: 0.5 });
    expect(await limiter.take("k")).toBe(true);
    expect(await other.take("k")).toBe(true);
    expect(await limiter.take("k")).toBe(true);
    expect(await other.take("k")).toBe(false);
  });
});

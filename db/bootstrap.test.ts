import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "./client";
import { bootstrap } from "./bootstrap";
import { users } from "./schema";
import { createTestDatabase } from "@/test/db";

let handle: DatabaseHandle;
const saved = { ...process.env };
const env = process.env as Record<string, string | undefined>;

beforeAll(async () => {
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
});
afterAll(() => handle?.close());
afterEach(() => {
  for (const key of ["NODE_ENV", "AUTH_SECRET", "PORTAL_DEMO"]) env[key] = saved[key];
});

describe("start-up", () => {
  it("seeds demo accounts, organizations and cases on an empty database in demo mode", async () => {
    env.NODE_ENV = "production";
    env.AUTH_SECRET = "test-secret";
    env.PORTAL_DEMO = "1";
    await bootstrap();
    const demo = await handle.db.select({ email: users.email }).from(users).where(eq(users.isDemo, true));
    expect(demo.map((u) => u.email).sort()).toEqual(
      [
        "admin@plan.demo",
        "auditor@plan.demo",
        "nurse@plan.demo",
        "physician2@plan.demo",
        "physician@plan.demo",
        "provider@lakeview.demo",
        "provider@northside.demo",
      ].sort(),
    );
    // A second start changes nothing.
    await bootstrap();
    expect(await handle.db.select().from(users)).toHaveLength(7);
  });

  it("refuses to start in production without AUTH_SECRET, with a message saying what to do", async () => {
    env.NODE_ENV = "production";
    delete env.AUTH_SECRET;
    await expect(bootstrap()).rejects.toThrow(/AUTH_SECRET is not set/);
  });

  it("refuses to start in production on a database holding demo accounts", async () => {
    env.NODE_ENV = "production";
    env.AUTH_SECRET = "test-secret";
    delete env.PORTAL_DEMO;
    await expect(bootstrap()).rejects.toThrow(/demo accounts/);
  });
});

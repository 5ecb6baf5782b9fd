import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { peerStamp, SOCKET_ADDRESS_HEADER } from "@/lib/client-address";

// A tab left open after its session ended: the bell's poll arrives without a session.
const address = "192.0.2.77";
vi.mock("next/headers", () => ({ headers: async () => new Headers({ [SOCKET_ADDRESS_HEADER]: peerStamp(address) }) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const { GET } = await import("./route");

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
});
afterEach(() => vi.useRealTimers());
afterAll(() => handle?.close());

describe("GET /notifications/unread without a session", () => {
  it("answers 401 every time; an hour of polling every 12 s records one refusal", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    for (let i = 0; i < 300; i++) {
      vi.setSystemTime(start + i * 12_000);
      const res = await GET();
      expect(res.status).toBe(401);
    }
    const refusals = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "session.required"), eq(auditEvents.ip, address)));
    expect(refusals).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { peerStamp, SOCKET_ADDRESS_HEADER } from "@/lib/client-address";
import { verifyAuditChain } from "@/db/audit-chain";

// Signed-out requests from a changing address: Auth.js finds no session.
let address = "192.0.2.1";
vi.mock("next/headers", () => ({ headers: async () => new Headers({ [SOCKET_ADDRESS_HEADER]: peerStamp(address) }) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const { serviceContext } = await import("./viewer");

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
});
afterAll(() => handle?.close());

const refusalsFrom = async (ip: string) =>
  (
    await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "session.required"), eq(auditEvents.ip, ip)))
  ).length;

describe("signed-out refusals", () => {
  it("a flood of signed-out requests is refused every time but recorded once per address and window", async () => {
    for (let i = 0; i < 50; i++) await expect(serviceContext()).rejects.toThrow(/session has ended/);
    expect(await refusalsFrom("192.0.2.1")).toBe(1);
    address = "192.0.2.2";
    await expect(serviceContext()).rejects.toThrow(/session has ended/);
    expect(await refusalsFrom("192.0.2.2")).toBe(1);
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });
});

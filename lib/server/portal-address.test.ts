import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { outbox } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { givenUser } from "@/test/given";
import { portalAddressMissingInProduction, portalBaseUrl } from "./portal-address";

// A reset requested with a forged Host (and forwarded host): the link must not follow it.
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "evil.example", "x-forwarded-host": "evil.example" }),
}));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const { forgotPasswordAction } = await import("@/app/account-actions");

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
});
afterAll(() => handle?.close());
afterEach(() => vi.unstubAllEnvs());

describe("the portal's address in links sent by email", () => {
  it("is PORTAL_URL, else AUTH_URL, else localhost on PORT, without a trailing slash", () => {
    vi.stubEnv("PORTAL_URL", "https://pa.plan.example/");
    vi.stubEnv("AUTH_URL", "https://auth.plan.example");
    expect(portalBaseUrl()).toBe("https://pa.plan.example");
    vi.stubEnv("PORTAL_URL", "");
    expect(portalBaseUrl()).toBe("https://auth.plan.example");
    vi.stubEnv("AUTH_URL", "");
    vi.stubEnv("PORT", "4123");
    expect(portalBaseUrl()).toBe("http://localhost:4123");
  });

  it("is said to be missing only in production without either address", () => {
    vi.stubEnv("PORTAL_URL", "");
    vi.stubEnv("AUTH_URL", "");
    vi.stubEnv("NODE_ENV", "production");
    expect(portalAddressMissingInProduction()).toBe(true);
    vi.stubEnv("PORTAL_URL", "https://pa.plan.example");
    expect(portalAddressMissingInProduction()).toBe(false);
    vi.stubEnv("PORTAL_URL", "");
    vi.stubEnv("NODE_ENV", "development");
    expect(portalAddressMissingInProduction()).toBe(false);
  });

  it("a password reset requested with a forged Host header never links to that host", async () => {
    // Even with no address configured (development), the request's Host is not used.
    vi.stubEnv("PORTAL_URL", "");
    vi.stubEnv("AUTH_URL", "");
    vi.stubEnv("PORT", "3000");
    const person = await givenUser(handle.db, "nurse_reviewer");
    const fd = new FormData();
    fd.set("email", person.email);
    expect(await forgotPasswordAction(fd)).toMatchObject({ ok: true });
    const [mail] = await handle.db.select().from(outbox).where(eq(outbox.recipient, person.email));
    const text = JSON.stringify(mail!.payload);
    expect(text).toContain("http://localhost:3000/reset-password/");
    expect(text).not.toContain("evil.example");
  });
});

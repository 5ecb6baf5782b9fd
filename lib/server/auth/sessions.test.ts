import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, users, userSessions } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { givenUser } from "@/test/given";
import { ABSOLUTE_SESSION_SECONDS, revokeSession, sessionIsLive } from "./sessions";

const SECRET = "sessions-test-secret-0123456789abcdef";
const COOKIE = "authjs.session-token";
process.env.AUTH_SECRET = SECRET;

let handle: DatabaseHandle;
let handlers: typeof import("@/lib/auth").handlers;
beforeAll(async () => {
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
  ({ handlers } = await import("@/lib/auth"));
});
afterAll(() => handle?.close());

const now = () => Math.floor(Date.now() / 1000);

async function signedInAs(role: "auditor" | "provider", authTime = now()) {
  const user = await givenUser(handle.db, role);
  const sid = randomUUID();
  await handle.db.insert(userSessions).values({ id: sid, userId: user.id });
  const claims = {
    uid: user.id,
    role: user.role,
    organizationId: user.organizationId,
    name: user.name,
    email: user.email,
    sid,
    authTime,
  };
  const cookie = `${COOKIE}=${await encode({ token: claims, secret: SECRET, salt: COOKIE })}`;
  return { user, claims, cookie };
}

/** GET /api/auth/session through Auth.js's own handler, as a browser holding `cookie` would. */
async function sessionEndpoint(cookie: string) {
  const res = await handlers.GET(new Request("http://localhost/api/auth/session", { headers: { cookie } }) as never);
  return { body: await res.json(), setCookie: res.headers.get("set-cookie") ?? "" };
}

describe("session checks", () => {
  it("a fresh session is live; revoked, deactivated or over 12 hours old it is not", async () => {
    const live = await signedInAs("auditor");
    expect(await sessionIsLive(handle.db, live.claims)).toBe(true);
    expect(await sessionIsLive(handle.db, { ...live.claims, authTime: now() - ABSOLUTE_SESSION_SECONDS - 1 })).toBe(
      false,
    );
    expect(await sessionIsLive(handle.db, { ...live.claims, authTime: undefined })).toBe(false);
    await revokeSession(handle.db, live.claims);
    expect(await sessionIsLive(handle.db, live.claims)).toBe(false);
    const gone = await signedInAs("provider");
    await handle.db.update(users).set({ active: false }).where(eq(users.id, gone.user.id));
    expect(await sessionIsLive(handle.db, gone.claims)).toBe(false);
    // A sign-in ended from "Your sessions" (or never recorded) is not live either.
    const ended = await signedInAs("auditor");
    await handle.db.update(userSessions).set({ endedAt: new Date() }).where(eq(userSessions.id, ended.claims.sid));
    expect(await sessionIsLive(handle.db, ended.claims)).toBe(false);
    expect(await sessionIsLive(handle.db, { ...(await signedInAs("auditor")).claims, sid: randomUUID() })).toBe(false);
  });
});

describe("GET /api/auth/session", () => {
  it("answers a live session and refreshes its cookie", async () => {
    const { cookie, user } = await signedInAs("auditor");
    const { body, setCookie } = await sessionEndpoint(cookie);
    expect(body.user.email).toBe(user.email);
    expect(setCookie).toContain(`${COOKIE}=ey`);
  });

  it("refuses a revoked session: no name, role or organization, and the cookie is cleared, not re-issued", async () => {
    const { cookie, claims } = await signedInAs("auditor");
    await revokeSession(handle.db, claims);
    const { body, setCookie } = await sessionEndpoint(cookie);
    expect(body).toBeNull();
    expect(setCookie).not.toContain(`${COOKIE}=ey`);
  });

  it("refuses a session past its absolute lifetime, however recently it was refreshed", async () => {
    const { cookie } = await signedInAs("auditor", now() - ABSOLUTE_SESSION_SECONDS - 60);
    expect((await sessionEndpoint(cookie)).body).toBeNull();
  });
});

describe("Auth.js's built-in POST /api/auth/signout", () => {
  it("revokes the session on the server (a copied cookie is refused afterwards) and records the sign-out", async () => {
    const { cookie, claims, user } = await signedInAs("auditor");
    const csrfRes = await handlers.GET(new Request("http://localhost/api/auth/csrf") as never);
    const { csrfToken } = await csrfRes.json();
    const csrfCookie = (csrfRes.headers.get("set-cookie") ?? "").split(";")[0];
    const res = await handlers.POST(
      new Request("http://localhost/api/auth/signout", {
        method: "POST",
        headers: { cookie: `${cookie}; ${csrfCookie}`, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken }).toString(),
      }) as never,
    );
    expect(res.status).toBeLessThan(400);
    expect(await sessionIsLive(handle.db, claims)).toBe(false);
    expect((await sessionEndpoint(cookie)).body).toBeNull();
    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.actorId, user.id));
    expect(events.map((e) => e.action)).toContain("auth.sign_out");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, cases } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ctxFor, givenUser } from "@/test/given";
import { getCaseInScope } from "@/lib/server/cases/get-case-in-scope";
import { NotFoundError } from "@/lib/server/errors";
import * as evaluateRoute from "@/app/api/v1/evaluate/route";
import { peerStamp, SOCKET_ADDRESS_HEADER } from "@/lib/client-address";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
});
afterAll(() => handle?.close());

describe("case scope", () => {
  it("keeps a draft withdrawn before submission away from the plan's staff, and shows it to its organization", async () => {
    const provider = await givenUser(handle.db, "provider");
    const [draft] = await handle.db
      .insert(cases)
      .values({
        reference: "PA-SCOPE-1",
        organizationId: provider.organizationId,
        createdBy: provider.id,
        request: {},
        status: "withdrawn",
      })
      .returning();
    for (const role of ["nurse_reviewer", "physician_reviewer", "auditor", "admin"] as const) {
      const staff = await givenUser(handle.db, role);
      await expect(getCaseInScope(ctxFor(handle.db, staff), draft!.id)).rejects.toBeInstanceOf(NotFoundError);
    }
    expect((await getCaseInScope(ctxFor(handle.db, provider), draft!.id)).id).toBe(draft!.id);

    const [submitted] = await handle.db
      .insert(cases)
      .values({
        reference: "PA-SCOPE-2",
        organizationId: provider.organizationId,
        createdBy: provider.id,
        request: {},
        status: "withdrawn",
        submittedAt: new Date(),
      })
      .returning();
    const nurse = await givenUser(handle.db, "nurse_reviewer");
    expect((await getCaseInScope(ctxFor(handle.db, nurse), submitted!.id)).id).toBe(submitted!.id);
  });

  it("records a refusal found inside a transaction after it rolls back", async () => {
    const provider = await givenUser(handle.db, "provider");
    const outsider = await givenUser(handle.db, "provider");
    const [c] = await handle.db
      .insert(cases)
      .values({
        reference: "PA-SCOPE-3",
        organizationId: provider.organizationId,
        createdBy: provider.id,
        request: {},
        status: "draft",
      })
      .returning();
    const { withTransaction } = await import("@/lib/server/context");
    const ctx = ctxFor(handle.db, outsider);
    await expect(
      withTransaction(ctx, (tx) => getCaseInScope(ctx, c!.id, tx, { forUpdate: true })),
    ).rejects.toBeInstanceOf(NotFoundError);
    const refusals = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, c!.id), eq(auditEvents.outcome, "refused")));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.actorId).toBe(outsider.id);
  });
});

describe("API refusals", () => {
  it("records a call with a bad key, with the socket address, not a client-sent X-Forwarded-For", async () => {
    const response = await evaluateRoute.POST(
      new Request("http://localhost/api/v1/evaluate", {
        method: "POST",
        headers: {
          authorization: "Bearer pa_guess_000",
          "x-forwarded-for": "6.6.6.6",
          [SOCKET_ADDRESS_HEADER]: peerStamp("198.51.100.9"),
        },
        body: "{}",
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(401);
    const [row] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "api.request"), eq(auditEvents.outcome, "refused")));
    expect(row).toMatchObject({ ip: "198.51.100.9", actorId: null });
    expect(row!.details).toMatchObject({ reason: expect.stringContaining("API key"), path: "/api/v1/evaluate" });
  });
});

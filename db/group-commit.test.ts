import { expect, it } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import { appendAudit, verifyAuditChain } from "./audit-chain";
import { inGroupTransaction } from "./group-commit";
import { auditEvents, rateLimits } from "./schema";
import { SYSTEM_ACTOR, testDatabaseForFile } from "@/test/db";

const database = testDatabaseForFile();
const eventsOf = async (action: string) =>
  Number((await database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, action)))[0]!.n);
// A row each member writes beside its audit event (any table with a unique key will do).
const rowsOf = async (prefix: string) =>
  Number(
    (
      await database.db
        .select({ n: count() })
        .from(rateLimits)
        .where(sql`${rateLimits.key} like ${`${prefix}%`}`)
    )[0]!.n,
  );

it("concurrent members commit together, each with its own link in a chain that verifies; one that fails rolls back alone with its own error", async () => {
  const results = await Promise.allSettled(
    Array.from({ length: 40 }, (_, i) =>
      inGroupTransaction(database.db, async (tx) => {
        await tx.insert(rateLimits).values({ key: `gc-a-${i}`, points: i });
        await appendAudit(tx, SYSTEM_ACTOR, { action: "test.group", details: { i } });
        if (i === 7) throw new Error("member 7 refuses");
        // A database error inside a member (duplicate key) leaves the others' work intact.
        if (i === 21) await tx.insert(rateLimits).values({ key: "gc-a-0", points: 0 });
        return i;
      }),
    ),
  );
  expect(results.filter((r) => r.status === "rejected").length).toBe(2);
  expect((results[7] as PromiseRejectedResult).reason.message).toBe("member 7 refuses");
  expect(results[21]!.status).toBe("rejected");
  expect(
    results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<number>).value),
  ).toEqual(Array.from({ length: 40 }, (_, i) => i).filter((i) => i !== 7 && i !== 21));
  expect(await rowsOf("gc-a-")).toBe(38);
  expect(await eventsOf("test.group")).toBe(38);
  expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
});

it("an event the batch cannot store fails its own member only: the batch is retried member by member", async () => {
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, (_, i) =>
      inGroupTransaction(database.db, async (tx) => {
        await tx.insert(rateLimits).values({ key: `gc-b-${i}`, points: i });
        await appendAudit(
          tx,
          SYSTEM_ACTOR,
          i === 3 ? { action: null as unknown as string } : { action: "test.group_b", details: { i } },
        );
      }),
    ),
  );
  expect(results.map((r) => r.status)).toEqual(
    Array.from({ length: 10 }, (_, i) => (i === 3 ? "rejected" : "fulfilled")),
  );
  expect(await rowsOf("gc-b-")).toBe(9);
  expect(await eventsOf("test.group_b")).toBe(9);
  expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
});

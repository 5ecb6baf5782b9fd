import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { appendAudit, appendAuditStandalone, AUDIT_GENESIS_HASH, auditRowHash, verifyAuditChain } from "./audit-chain";
import { auditEvents } from "./schema";
import { databaseRefusal, SYSTEM_ACTOR, testDatabaseForFile } from "@/test/db";

const database = testDatabaseForFile();

async function append(n: number) {
  for (let i = 0; i < n; i++) {
    await database.db.transaction((tx) =>
      appendAudit(tx as never, SYSTEM_ACTOR, { action: "test.event", details: { i, nested: { b: 2, a: 1 } } }),
    );
  }
}

describe("audit chain", () => {
  it("links onto an event another instance appended meanwhile (this process's idea of the head is only a hint)", async () => {
    await append(2); // this process now knows the head
    const [head] = await database.db
      .select()
      .from(auditEvents)
      .orderBy(sql`seq desc`)
      .limit(1);
    const other = {
      at: new Date(),
      actorId: null,
      actorRole: "system",
      organizationId: null,
      action: "test.other_instance",
      outcome: "ok" as const,
      targetType: null,
      targetId: null,
      caseId: null,
      ip: null,
      userAgent: null,
      details: {},
      prevHash: head!.hash,
    };
    await database.db.insert(auditEvents).values({ ...other, hash: auditRowHash(other) });
    await append(1);
    const rows = await database.db.select().from(auditEvents).orderBy(auditEvents.seq);
    expect(rows.at(-1)!.prevHash).toBe(auditRowHash(other));
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, checked: rows.length });
  });

  it("commits concurrent standalone events together, each its own link, in a chain that verifies; a bad one fails alone", async () => {
    const before = (await database.db.select().from(auditEvents)).length;
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        appendAuditStandalone(
          database.db,
          SYSTEM_ACTOR,
          i === 17 ? { action: null as unknown as string } : { action: "test.view", details: { i } },
        ),
      ),
    );
    // The event without an action cannot be stored (not null); the other 39 are.
    expect(results.map((r) => r.status).filter((s) => s === "rejected")).toEqual(["rejected"]);
    expect(results[17]!.status).toBe("rejected");
    const rows = await database.db.select().from(auditEvents).orderBy(auditEvents.seq);
    expect(rows.length - before).toBe(39);
    expect(new Set(rows.filter((r) => r.action === "test.view").map((r) => (r.details as { i: number }).i)).size).toBe(
      39,
    );
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, checked: rows.length });
    await append(1); // an ordinary append goes on after them
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, checked: rows.length + 1 });
  });

  it("links each event to the one before it and verifies", async () => {
    await append(5);
    const rows = await database.db.select().from(auditEvents).orderBy(auditEvents.seq);
    expect(rows[0]!.prevHash).toBe(AUDIT_GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, checked: rows.length, headSeq: rows.at(-1)!.seq });
  });

  it("keeps an event only when its transaction commits", async () => {
    const before = (await database.db.select().from(auditEvents)).length;
    await expect(
      database.db.transaction(async (tx) => {
        await appendAudit(tx as never, SYSTEM_ACTOR, { action: "test.rolled_back" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await database.db.select().from(auditEvents)).length).toBe(before);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    await append(1);
    expect(await databaseRefusal(database.db.execute(sql`update audit_events set action = 'tampered'`))).toMatch(
      /append-only/,
    );
    expect(await databaseRefusal(database.db.execute(sql`delete from audit_events`))).toMatch(/append-only/);
    expect(await databaseRefusal(database.db.execute(sql`truncate audit_events`))).toMatch(/append-only/);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it("detects an altered event and a removed event when the guard is bypassed", async () => {
    await append(3);
    const rows = await database.db.select().from(auditEvents).orderBy(auditEvents.seq);
    const victim = rows[rows.length - 2]!;
    // Only the table owner can do this; the point is that verify still notices.
    await database.db.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
    try {
      await database.db.execute(sql`update audit_events set details = '{"i": 999}'::jsonb where seq = ${victim.seq}`);
      const altered = await verifyAuditChain(database.db);
      expect(altered.ok).toBe(false);
      expect(altered.firstProblem).toMatchObject({ seq: victim.seq, problem: expect.stringMatching(/altered/) });

      await database.db.execute(
        sql`update audit_events set details = ${JSON.stringify(victim.details)}::jsonb where seq = ${victim.seq}`,
      );
      expect((await verifyAuditChain(database.db)).ok).toBe(true);

      await database.db.execute(sql`delete from audit_events where seq = ${victim.seq}`);
      const removed = await verifyAuditChain(database.db);
      expect(removed.ok).toBe(false);
      expect(removed.firstProblem).toMatchObject({
        seq: rows[rows.length - 1]!.seq,
        problem: expect.stringMatching(/removed/),
      });
    } finally {
      await database.db.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    }
  });
});

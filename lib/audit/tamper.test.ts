// Tampering with the audit trail through a privileged connection (the table owner, guard triggers
// disabled for the test only): verify must find each kind of change at the right event.
import { generateKeyPairSync, createHash, createPublicKey } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { appendAudit, auditRowHash } from "@/db/audit-chain";
import { auditEvents, determinationFindings } from "@/db/schema";
import { createTestDatabase, SYSTEM_ACTOR } from "@/test/db";
import { ctxFor, givenDeniedCase, givenUser } from "@/test/given";
import { writeCheckpoint, writeScheduledCheckpoint } from "./checkpoints";
import { verifyAuditTrail } from "./verify-trail";
import { verifyDeterminationSignatures } from "./determination-signatures";
import { publicKeyPem, resolveAuditVerifyKey, type AuditSigningKey } from "./signing-key";

function testKey(): AuditSigningKey {
  const { privateKey } = generateKeyPairSync("ed25519");
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    keyId: createHash("sha256")
      .update(publicKey.export({ format: "der", type: "spki" }))
      .digest("hex"),
  };
}

let handle: DatabaseHandle;
let anchors: string;
const key = testKey();
const verify = () => verifyAuditTrail(handle.db, { key, anchorDir: anchors, batchSize: 2 }); // small batches: breaks across batch edges

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});
// One database for the file (migrating one per test is slow); every test starts from an empty trail.
beforeEach(async () => {
  await tamper(() => handle.db.execute(sql`truncate audit_events, audit_checkpoints restart identity`));
  anchors = mkdtempSync(path.join(tmpdir(), "anchors-"));
});
afterEach(() => rmSync(anchors, { recursive: true, force: true }));

async function append(n: number, label = "test.event") {
  for (let i = 0; i < n; i++)
    await handle.db.transaction((tx) => appendAudit(tx as never, SYSTEM_ACTOR, { action: label, details: { i } }));
}
/** A sequence number used up by a rolled-back transaction: a gap that is not tampering. */
async function rolledBack() {
  await expect(
    handle.db.transaction(async (tx) => {
      await appendAudit(tx as never, SYSTEM_ACTOR, { action: "test.rolled_back" });
      throw new Error("roll back");
    }),
  ).rejects.toThrow("roll back");
}
const rows = () => handle.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));

/** Runs `fn` with the append-only guards off (only the table owner can), and always restores them. */
async function tamper(fn: () => Promise<unknown>) {
  await handle.db.execute(sql`alter table audit_events disable trigger user`);
  await handle.db.execute(sql`alter table audit_checkpoints disable trigger user`);
  await handle.db.execute(sql`alter table determination_findings disable trigger user`);
  try {
    await fn();
  } finally {
    await handle.db.execute(sql`alter table audit_events enable trigger user`);
    await handle.db.execute(sql`alter table audit_checkpoints enable trigger user`);
    await handle.db.execute(sql`alter table determination_findings enable trigger user`);
  }
}

describe("audit chain verification", () => {
  it("reports an intact chain with its length, across a gap left by a rolled-back transaction", async () => {
    await append(2);
    await rolledBack();
    await append(3);
    const result = await verify();
    expect(result).toMatchObject({ ok: true, checked: 5 });
    expect(result.checkpoint).toMatchObject({ status: "none" });
  });

  it("finds an altered event (content changed, hash left) at that event", async () => {
    await append(6);
    const victim = (await rows())[2]!;
    await tamper(() =>
      handle.db.execute(sql`update audit_events set details = '{"i": 999}'::jsonb where seq = ${victim.seq}`),
    );
    expect((await verify()).firstProblem).toMatchObject({ seq: victim.seq, kind: "altered" });
  });

  it("finds an altered event whose hash was recomputed too, at that event", async () => {
    await append(6);
    const victim = (await rows())[2]!;
    const forged = { ...victim, action: "auth.sign_in" };
    await tamper(() =>
      handle.db.execute(
        sql`update audit_events set action = ${forged.action}, hash = ${auditRowHash(forged)} where seq = ${victim.seq}`,
      ),
    );
    const result = await verify();
    expect(result.firstProblem).toMatchObject({ seq: victim.seq, kind: "altered" });
    expect(result.checked).toBe(3);
  });

  it("finds a removed event at the event after the gap", async () => {
    await append(6);
    const all = await rows();
    await tamper(() => handle.db.execute(sql`delete from audit_events where seq = ${all[3]!.seq}`));
    const result = await verify();
    expect(result.firstProblem).toMatchObject({ seq: all[4]!.seq, kind: "removed" });
    expect(result.checked).toBe(3);
  });

  it("finds an inserted event that links correctly to the one before it, at the inserted event", async () => {
    await append(2);
    await rolledBack(); // the gap the forger fills
    await append(3);
    const all = await rows();
    const gapSeq = all[1]!.seq + 1;
    const content = {
      ...all[1]!,
      at: new Date(all[1]!.at.getTime() + 1),
      action: "case.approve",
      prevHash: all[1]!.hash,
    };
    await tamper(() => handle.db.insert(auditEvents).values({ ...content, seq: gapSeq, hash: auditRowHash(content) }));
    const result = await verify();
    expect(result.firstProblem).toMatchObject({ seq: gapSeq, kind: "inserted" });
    expect(result.checked).toBe(3); // the forged event itself links and hashes correctly
  });

  it("finds an inserted event with a made-up link, at the inserted event", async () => {
    await append(2);
    await rolledBack();
    await append(3);
    const all = await rows();
    const gapSeq = all[1]!.seq + 1;
    const content = { ...all[1]!, action: "case.approve", prevHash: "f".repeat(64) };
    await tamper(() => handle.db.insert(auditEvents).values({ ...content, seq: gapSeq, hash: auditRowHash(content) }));
    expect((await verify()).firstProblem).toMatchObject({ seq: gapSeq, kind: "inserted" });
  });

  it("finds two swapped events, at the first out-of-order position", async () => {
    await append(6);
    const all = await rows();
    const [a, b] = [all[2]!.seq, all[3]!.seq];
    await tamper(async () => {
      await handle.db.execute(sql`update audit_events set seq = -1 where seq = ${a}`);
      await handle.db.execute(sql`update audit_events set seq = ${a} where seq = ${b}`);
      await handle.db.execute(sql`update audit_events set seq = ${b} where seq = -1`);
    });
    const result = await verify();
    expect(result.firstProblem).toMatchObject({ seq: a, kind: "reordered" });
    expect(result.checked).toBe(2);
  });
});

describe("signed checkpoints", () => {
  it("match an intact chain, from the anchor folder and the database", async () => {
    await append(4);
    const c = await writeCheckpoint(handle.db, { key, dir: anchors });
    expect(c).toMatchObject({ eventCount: 4, keyId: key.keyId });
    expect(readdirSync(anchors)).toHaveLength(1);
    await append(2); // events after the checkpoint are fine
    const result = await verify();
    expect(result).toMatchObject({ ok: true, checked: 7, checkpoint: { status: "matches", headSeq: c.headSeq } });
  });

  it("find the newest events removed, even when the database's checkpoints were removed too", async () => {
    await append(4);
    const c = await writeCheckpoint(handle.db, { key, dir: anchors });
    // The superuser removes the last two covered events, everything after, and the stored checkpoints.
    await tamper(async () => {
      await handle.db.execute(sql`delete from audit_events where seq >= ${c.headSeq - 1}`);
      await handle.db.execute(sql`delete from audit_checkpoints`);
    });
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.firstProblem).toMatchObject({ seq: c.headSeq, kind: "tail_removed" });
    expect(result.checked).toBe(2); // what is left is a sound chain: only the checkpoint shows the loss
    expect(result.checkpoint).toMatchObject({ status: "matches", source: "anchor" });
  });

  it("find a tail removed against the database's checkpoint when the anchor file is gone", async () => {
    await append(3);
    const c = await writeCheckpoint(handle.db, { key, dir: anchors });
    for (const f of readdirSync(anchors)) unlinkSync(path.join(anchors, f));
    await tamper(() => handle.db.execute(sql`delete from audit_events where seq >= ${c.headSeq}`));
    expect((await verify()).firstProblem).toMatchObject({ seq: c.headSeq, kind: "tail_removed" });
  });

  it("verify with the public key alone (AUDIT_VERIFY_PUBLIC_KEY), no signing key on the verifying machine", async () => {
    await append(3);
    const c = await writeCheckpoint(handle.db, { key, dir: anchors });
    const saved = { verify: process.env.AUDIT_VERIFY_PUBLIC_KEY, signing: process.env.AUDIT_SIGNING_KEY };
    process.env.AUDIT_VERIFY_PUBLIC_KEY = publicKeyPem(key);
    delete process.env.AUDIT_SIGNING_KEY;
    try {
      const verifying = resolveAuditVerifyKey();
      expect(verifying).toEqual({ publicKey: expect.anything(), keyId: key.keyId });
      expect("privateKey" in verifying).toBe(false);
      expect(await verifyAuditTrail(handle.db, { anchorDir: anchors })).toMatchObject({
        ok: true,
        checkpoint: { status: "matches", headSeq: c.headSeq },
      });
      await tamper(() => handle.db.execute(sql`delete from audit_events where seq >= ${c.headSeq}`));
      expect((await verifyAuditTrail(handle.db, { anchorDir: anchors })).firstProblem).toMatchObject({
        seq: c.headSeq,
        kind: "tail_removed",
      });
      process.env.AUDIT_VERIFY_PUBLIC_KEY = publicKeyPem(testKey());
      expect((await verifyAuditTrail(handle.db, { anchorDir: anchors })).firstProblem).toMatchObject({
        kind: "checkpoint",
      });
      process.env.AUDIT_VERIFY_PUBLIC_KEY = "not a key";
      expect(() => resolveAuditVerifyKey()).toThrow();
    } finally {
      for (const [name, value] of [
        ["AUDIT_VERIFY_PUBLIC_KEY", saved.verify],
        ["AUDIT_SIGNING_KEY", saved.signing],
      ] as const)
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
  });

  it("are written once a window however many instances run the schedule at once", async () => {
    await append(2);
    const written = await Promise.all(
      Array.from({ length: 4 }, () => writeScheduledCheckpoint(handle.db, 60_000, { key, dir: anchors })),
    );
    expect(written.filter((c) => c !== null)).toHaveLength(1);
    expect(readdirSync(anchors)).toHaveLength(1);
    expect(await writeScheduledCheckpoint(handle.db, 60_000, { key, dir: anchors })).toBeNull();
    // An explicit checkpoint (npm run audit:checkpoint) is always written.
    expect(await writeCheckpoint(handle.db, { key, dir: anchors })).toMatchObject({ keyId: key.keyId });
    expect(readdirSync(anchors)).toHaveLength(2);
  });

  it("refuse a checkpoint signed with another key", async () => {
    await append(3);
    await writeCheckpoint(handle.db, { key: testKey(), dir: anchors });
    expect((await verify()).firstProblem).toMatchObject({ kind: "checkpoint" });
  });
});

describe("determination signatures", () => {
  it("are recomputed from the stored rows of a denial, and a changed finding is found", async () => {
    const physician = await givenUser(handle.db, "physician_reviewer");
    const d = { id: (await givenDeniedCase(ctxFor(handle.db, physician))).determinationId };
    expect(await verifyDeterminationSignatures(handle.db)).toEqual({ ok: true, checked: 1 });
    await tamper(() =>
      handle.db
        .update(determinationFindings)
        .set({ status: "met" })
        .where(eq(determinationFindings.determinationId, d.id)),
    );
    expect(await verifyDeterminationSignatures(handle.db)).toMatchObject({
      ok: false,
      checked: 0,
      firstProblem: { determinationId: d.id },
    });
  });
});

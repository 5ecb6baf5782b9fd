// Checkpoint anchors outside the database beyond the folder: the signed checkpoint mailed through
// the outbox (read back from a real SMTP server) and POSTed as an `audit.checkpoint` webhook (a
// real receiver verifying with the standardwebhooks library). An outside party holding either
// detects a removed tail even after the database's and the folder's newer checkpoints are gone.
import { createHash, createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, gt, sql } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import { appendAudit } from "@/db/audit-chain";
import { auditCheckpoints, auditEvents, outbox, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { startTestSmtpServer } from "@/test/smtp";
import { startTestWebhookReceiver, type ReceivedWebhook } from "@/test/webhook-receiver";
import { ctxFor, givenPlanOrg, givenProviderOrg, givenSubmittedCase, givenUser } from "@/test/given";
import { smtpTransport } from "@/lib/server/outbox/transport";
import { deliverDue } from "@/lib/server/outbox/worker";
import { deliverWebhooksDue } from "@/lib/server/webhooks/deliver";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/server/webhooks/endpoints";
import { ForbiddenError, ValidationError } from "@/lib/server/errors";
import { anchorEmails, parseReceivedCheckpoint } from "./anchors";
import { checkpointSignatureValid, writeCheckpoint, type Checkpoint } from "./checkpoints";
import { publicKeyPem, type AuditSigningKey } from "./signing-key";
import { verifyAuditTrail } from "./verify-trail";

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
let db: Db;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let receiver: Awaited<ReturnType<typeof startTestWebhookReceiver>>;
let hits: ReceivedWebhook[];
let anchors: string;
const key = testKey();
const MEMBER_NAME = "Anchorina Quill";
const MEMBER_ID = "M-ANCHOR-7731";
const ANCHOR_TO = ["audit-anchor@regulator.example.test", "records@plan.example.test"];
type User = Awaited<ReturnType<typeof givenUser>>;
let admin: User, auditor: User, provider: User;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  smtp = await startTestSmtpServer(4251);
  const plan = await givenPlanOrg(db);
  const practice = await givenProviderOrg(db);
  admin = await givenUser(db, "admin", { organizationId: plan.id });
  auditor = await givenUser(db, "auditor", { organizationId: plan.id });
  provider = await givenUser(db, "provider", { organizationId: practice.id });
  receiver = await startTestWebhookReceiver(4252);
  hits = receiver.received;
});
afterAll(async () => {
  await receiver?.close();
  await smtp?.close();
  await handle?.close();
});
beforeEach(async () => {
  await db.delete(webhookDeliveries);
  await db.delete(outbox);
  await db.update(webhookEndpoints).set({ status: "disabled" });
  hits.length = 0;
  smtp.received.length = 0;
  anchors = mkdtempSync(path.join(tmpdir(), "anchors-"));
  return () => rmSync(anchors, { recursive: true, force: true });
});

async function register(user: User, pathName: string, events: string[]) {
  const created = await createWebhookEndpoint(ctxFor(db, user), { url: `http://127.0.0.1:4252${pathName}`, events });
  receiver.secrets[pathName] = created.secret;
  return created;
}
/** Removes the newest events and every checkpoint at or after `fromSeq`, in the database and the folder: a superuser who also holds the server's disk. */
async function removeTailAndCheckpoints(fromSeq: number) {
  await db.execute(sql`alter table audit_events disable trigger user`);
  await db.execute(sql`alter table audit_checkpoints disable trigger user`);
  try {
    await db.delete(auditEvents).where(gt(auditEvents.seq, fromSeq));
    await db.delete(auditCheckpoints).where(gt(auditCheckpoints.headSeq, fromSeq));
  } finally {
    await db.execute(sql`alter table audit_events enable trigger user`);
    await db.execute(sql`alter table audit_checkpoints enable trigger user`);
  }
  for (const f of readdirSync(anchors))
    if (Number(/^checkpoint-(\d+)-/.exec(f)?.[1]) > fromSeq) unlinkSync(path.join(anchors, f));
}
const verify = (received?: Checkpoint[]) => verifyAuditTrail(db, { key, anchorDir: anchors, received });

describe("who may subscribe to audit.checkpoint", () => {
  it("the plan's administrators only: providers are refused by name, auditors change nothing", async () => {
    const created = await register(admin, "/audit", ["audit.checkpoint"]);
    expect((await listWebhookEndpoints(ctxFor(db, admin))).map((e) => e.id)).toEqual([created.id]);
    const byProvider = createWebhookEndpoint(ctxFor(db, provider), {
      url: "http://127.0.0.1:4252/p",
      events: ["case.received", "audit.checkpoint"],
    });
    await expect(byProvider).rejects.toBeInstanceOf(ValidationError);
    await expect(byProvider).rejects.toThrow(
      '"Audit checkpoint signed" is not an event your organization can subscribe to. Choose from: Case received,',
    );
    // An administrator has no cases: case events are refused the same way.
    await expect(
      createWebhookEndpoint(ctxFor(db, admin), { url: "http://127.0.0.1:4252/a", events: ["case.decided"] }),
    ).rejects.toThrow(
      '"Decision made" is not an event your organization can subscribe to. Choose from: Audit checkpoint signed.',
    );
    await expect(
      createWebhookEndpoint(ctxFor(db, auditor), { url: "http://127.0.0.1:4252/x", events: ["audit.checkpoint"] }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("email and webhook anchors of a checkpoint", () => {
  it("mail and POST the signed checkpoint (head seq and hash, time, signature, key id) and nothing about a case", async () => {
    await register(admin, "/audit", ["audit.checkpoint"]);
    // A provider endpoint with every case event: it must not receive the plan's checkpoints.
    await register(provider, "/practice", ["case.received", "case.decided"]);
    const given = await givenSubmittedCase(db, {
      provider: ctxFor(db, provider),
      memberName: MEMBER_NAME,
      memberId: MEMBER_ID,
    });
    await deliverWebhooksDue(db); // the case.received webhook to the practice, out of the way
    hits.length = 0;

    const c = await writeCheckpoint(db, { key, dir: anchors, anchorEmails: ANCHOR_TO });
    expect(c.anchors).toMatchObject({ emails: 2, webhooks: 1 });
    expect(c.anchors.outboxIds).toHaveLength(3);
    // Queued in the checkpoint's transaction; its audit event says how many anchors (no address).
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "audit.checkpoint"));
    expect(event!.details).toMatchObject({ headSeq: c.headSeq, anchors: { emails: 2, webhooks: 1 } });
    expect(JSON.stringify(event!.details)).not.toContain("@");

    expect(await deliverDue(db, smtpTransport(smtp.url), { only: c.anchors.outboxIds })).toMatchObject({ sent: 2 });
    expect(await deliverWebhooksDue(db, { only: c.anchors.outboxIds })).toEqual({ delivered: 1, failed: 0, gaveUp: 0 });

    // The mail, as the outside party reads it.
    expect(smtp.received.flatMap((m) => m.to).sort()).toEqual([...ANCHOR_TO].sort());
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe(`Audit checkpoint: ${c.eventCount} events through #${c.headSeq}`);
    for (const figure of [String(c.headSeq), c.headHash, c.createdAt, c.keyId, c.signature])
      expect(mail.text).toContain(figure);
    expect(mail.text.replace(/\r\n/g, "\n")).toContain(publicKeyPem(key).trim());
    const fromMail = parseReceivedCheckpoint(mail.text);
    expect(fromMail).toEqual({
      headSeq: c.headSeq,
      headHash: c.headHash,
      eventCount: c.eventCount,
      createdAt: c.createdAt,
      keyId: c.keyId,
      signature: c.signature,
    });
    expect(checkpointSignatureValid(key, fromMail)).toBe(true);

    // The webhook: signed per Standard Webhooks, to the plan's endpoint only.
    expect(hits.map((h) => h.path)).toEqual(["/audit"]);
    expect(hits[0]!.verified).not.toBeNull();
    const body = JSON.parse(hits[0]!.body) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(body.type).toBe("audit.checkpoint");
    expect(body.data).toMatchObject({
      headSeq: c.headSeq,
      headHash: c.headHash,
      eventCount: c.eventCount,
      createdAt: c.createdAt,
      keyId: c.keyId,
      signature: c.signature,
      algorithm: "Ed25519",
    });
    expect(
      createHash("sha256")
        .update(createPublicKey(body.data.publicKey as string).export({ format: "der", type: "spki" }))
        .digest("hex"),
    ).toBe(c.keyId);
    const fromHook = parseReceivedCheckpoint(hits[0]!.body);
    expect(checkpointSignatureValid(key, fromHook)).toBe(true);

    // No PHI, nothing of the case: not the member, not the case's id or reference.
    for (const text of [mail.raw, hits[0]!.body])
      for (const secret of [MEMBER_NAME, "Anchorina", MEMBER_ID, given.case.id, given.case.reference])
        expect(text).not.toContain(secret);
    // Delivered messages keep no content in the outbox.
    const rows = await db.select().from(outbox).where(eq(outbox.kind, "audit.checkpoint"));
    expect(JSON.stringify(rows[0]!.payload)).not.toContain(c.signature);
  });

  it("a kept anchor detects a removed tail after the database's and the folder's newer checkpoints are deleted too", async () => {
    await register(admin, "/audit", ["audit.checkpoint"]);
    const actor = { userId: null, role: "system", organizationId: null };
    for (let i = 0; i < 3; i++)
      await db.transaction((tx) => appendAudit(tx as never, actor, { action: "test.before" }));
    const early = await writeCheckpoint(db, { key, dir: anchors, anchorEmails: [] });
    for (let i = 0; i < 4; i++) await db.transaction((tx) => appendAudit(tx as never, actor, { action: "test.after" }));
    const late = await writeCheckpoint(db, {
      key,
      dir: anchors,
      anchorEmails: ["audit-anchor@regulator.example.test"],
    });
    await deliverDue(db, smtpTransport(smtp.url), { only: late.anchors.outboxIds });
    await deliverWebhooksDue(db, { only: late.anchors.outboxIds });
    const mailed = parseReceivedCheckpoint(smtp.received.at(-1)!.text);
    const posted = parseReceivedCheckpoint(hits.at(-1)!.body);
    expect(await verify([mailed, posted])).toMatchObject({
      ok: true,
      checkpoint: { status: "matches", headSeq: late.headSeq },
    });

    // The superuser cuts the chain back to the early checkpoint and removes every trace of the late one.
    await removeTailAndCheckpoints(early.headSeq);
    const alone = await verify();
    expect(alone).toMatchObject({ ok: true, checkpoint: { status: "matches", headSeq: early.headSeq } }); // what the portal alone can no longer see
    for (const kept of [mailed, posted]) {
      const r = await verify([kept]);
      expect(r.ok).toBe(false);
      expect(r.firstProblem).toMatchObject({ kind: "tail_removed", seq: late.headSeq });
      expect(r.firstProblem!.problem).toContain(
        `the newest events were removed: the checkpoint signed ${late.createdAt} covers ${late.eventCount} events through #${late.headSeq}`,
      );
    }
  });

  it("a forged or altered received checkpoint is refused, not trusted", async () => {
    const c = await writeCheckpoint(db, { key, dir: anchors, anchorEmails: [] });
    const altered = { ...c, headSeq: c.headSeq + 50 };
    const r = await verify([altered]);
    expect(r).toMatchObject({ ok: false, firstProblem: { kind: "checkpoint" } });
    expect(r.firstProblem!.problem).toContain("the received checkpoint at event");
    expect(() => parseReceivedCheckpoint("hello")).toThrow("not a checkpoint");
    expect(() => parseReceivedCheckpoint(JSON.stringify({ type: "audit.checkpoint", data: { headSeq: 1 } }))).toThrow(
      /not a checkpoint: headHash/,
    );
  });

  it("AUDIT_ANCHOR_EMAIL: a list of addresses; a malformed one is named, never skipped", () => {
    expect(anchorEmails(undefined)).toEqual([]);
    expect(anchorEmails(" a@example.org, b@example.org;a@example.org ")).toEqual(["a@example.org", "b@example.org"]);
    expect(() => anchorEmails("a@example.org, not-an-address")).toThrow(
      'AUDIT_ANCHOR_EMAIL: "not-an-address" is not an email address.',
    );
  });
});

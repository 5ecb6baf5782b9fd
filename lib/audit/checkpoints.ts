import { sign, verify } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { desc, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { AUDIT_CHAIN_LOCK, AUDIT_GENESIS_HASH, appendAudit } from "@/db/audit-chain";
import { auditCheckpoints, auditEvents } from "@/db/schema";
import { canonicalJson } from "@/lib/canonical-json";
import { wakeOutbox } from "@/lib/server/outbox/enqueue";
import { anchorEmails, anchoredCheckpoint, queueCheckpointAnchors } from "./anchors";
import {
  anchorDir,
  publicKeyPem,
  resolveAuditSigningKey,
  type AuditSigningKey,
  type AuditVerifyKey,
} from "./signing-key";

export interface Checkpoint {
  headSeq: number;
  headHash: string;
  eventCount: number;
  createdAt: string;
  keyId: string;
  signature: string;
}

const signedBytes = (c: Omit<Checkpoint, "signature">) =>
  Buffer.from(
    canonicalJson({
      headSeq: c.headSeq,
      headHash: c.headHash,
      eventCount: c.eventCount,
      createdAt: c.createdAt,
      keyId: c.keyId,
    }),
  );

function signCheckpoint(key: AuditSigningKey, c: Omit<Checkpoint, "signature" | "keyId">): Checkpoint {
  const unsigned = { ...c, keyId: key.keyId };
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), key.privateKey).toString("base64") };
}

export function checkpointSignatureValid(key: AuditVerifyKey, c: Checkpoint): boolean {
  if (c.keyId !== key.keyId) return false;
  try {
    return verify(null, signedBytes(c), key.publicKey, Buffer.from(c.signature, "base64"));
  } catch {
    return false;
  }
}

const fileName = (c: Checkpoint) =>
  `checkpoint-${String(c.headSeq).padStart(15, "0")}-${c.createdAt.replace(/[:.]/g, "")}.json`;

/** A checkpoint just written, with how many outside anchors were queued for it besides the folder. */
export interface WrittenCheckpoint extends Checkpoint {
  anchors: { emails: number; webhooks: number; outboxIds: string[] };
}

/**
 * Signs the chain's current head and records it in the database and in the anchor folder, and
 * queues its email and webhook anchors (lib/audit/anchors.ts) in the same transaction. The
 * chain's lock is held while the head is read, so no event slips in between; the checkpoint is
 * itself recorded as an event after the head it covers.
 */
export async function writeCheckpoint(db: Db, opts: CheckpointOptions = {}): Promise<WrittenCheckpoint> {
  return (await signHead(db, opts))!;
}

/**
 * The schedule every instance runs: under the chain's lock, a checkpoint newer than `windowMs`
 * means another instance already signed this window, and none is written (null), so N instances
 * still sign once a window.
 */
export function writeScheduledCheckpoint(
  db: Db,
  windowMs: number,
  opts: CheckpointOptions = {},
): Promise<WrittenCheckpoint | null> {
  return signHead(db, { ...opts, unlessWrittenWithinMs: windowMs });
}

interface CheckpointOptions {
  key?: AuditSigningKey;
  dir?: string;
  actor?: { userId: string | null; role: string | null; organizationId: string | null };
  /** Where the email anchor goes (default AUDIT_ANCHOR_EMAIL). */
  anchorEmails?: string[];
}

async function signHead(
  db: Db,
  opts: CheckpointOptions & { unlessWrittenWithinMs?: number },
): Promise<WrittenCheckpoint | null> {
  const key = opts.key ?? resolveAuditSigningKey();
  const emails = opts.anchorEmails ?? anchorEmails();
  const written = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    if (opts.unlessWrittenWithinMs !== undefined) {
      const [recent] = await tx
        .select({ id: auditCheckpoints.id })
        .from(auditCheckpoints)
        .where(sql`${auditCheckpoints.createdAt} > now() - make_interval(secs => ${opts.unlessWrittenWithinMs / 1000})`)
        .limit(1);
      if (recent) return null;
    }
    const [head] = await tx
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    const [{ n }] = (await tx.select({ n: sql<number>`count(*)::bigint` }).from(auditEvents)) as [
      { n: number | string },
    ];
    const c = signCheckpoint(key, {
      headSeq: head?.seq ?? 0,
      headHash: head?.hash ?? AUDIT_GENESIS_HASH,
      eventCount: Number(n),
      createdAt: new Date().toISOString(),
    });
    await tx.insert(auditCheckpoints).values({ ...c, createdAt: new Date(c.createdAt) });
    const anchors = await queueCheckpointAnchors(tx, anchoredCheckpoint(c, publicKeyPem(key)), emails);
    await appendAudit(tx, opts.actor ?? { userId: null, role: "system", organizationId: null }, {
      action: "audit.checkpoint",
      targetType: "audit_checkpoint",
      details: {
        headSeq: c.headSeq,
        eventCount: c.eventCount,
        keyId: c.keyId.slice(0, 16),
        anchors: { emails: anchors.emails, webhooks: anchors.webhooks },
      },
    });
    return { checkpoint: c, anchors };
  });
  if (!written) return null;
  const { checkpoint } = written;
  if (written.anchors.outboxIds.length) wakeOutbox();
  // The anchor outside the database: written whole, then renamed, so a reader never sees half a file.
  const dir = opts.dir ?? anchorDir();
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, fileName(checkpoint));
  writeFileSync(`${file}.tmp`, JSON.stringify(checkpoint, null, 2) + "\n");
  renameSync(`${file}.tmp`, file);
  return { ...checkpoint, anchors: written.anchors };
}

/** The newest checkpoint in the anchor folder (file names sort by head), or null. */
export function latestAnchor(dir = anchorDir()): Checkpoint | null {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^checkpoint-\d+-.*\.json$/.test(n));
  } catch {
    return null;
  }
  const newest = names.sort().at(-1);
  if (!newest) return null;
  return JSON.parse(readFileSync(path.join(dir, newest), "utf8")) as Checkpoint;
}

/** The newest checkpoint recorded in the database, or null. */
export async function latestDatabaseCheckpoint(db: Db): Promise<Checkpoint | null> {
  const [row] = await db
    .select()
    .from(auditCheckpoints)
    .orderBy(desc(auditCheckpoints.headSeq), desc(auditCheckpoints.id))
    .limit(1);
  if (!row) return null;
  return {
    headSeq: Number(row.headSeq),
    headHash: row.headHash,
    eventCount: Number(row.eventCount),
    createdAt: row.createdAt.toISOString(),
    keyId: row.keyId,
    signature: row.signature,
  };
}

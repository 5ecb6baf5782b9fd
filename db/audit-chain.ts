import { createHash } from "node:crypto";
import { asc, desc, eq, gt, sql } from "drizzle-orm";
import { canonicalJson } from "@/lib/canonical-json";
import type { Db, Tx } from "./client";
import { auditEvents } from "./schema";

export const AUDIT_GENESIS_HASH = "0".repeat(64);
/** One writer at a time extends the chain (transaction-scoped advisory lock). */
export const AUDIT_CHAIN_LOCK = 339_007;

export interface AuditActor {
  userId: string | null;
  role: string | null;
  organizationId: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditEventInput {
  action: string;
  outcome?: "ok" | "refused" | "failed";
  targetType?: string;
  targetId?: string;
  caseId?: string;
  /** Never protected health information: ids, states, counts, reasons. */
  details?: Record<string, unknown>;
}

type StoredContent = Omit<typeof auditEvents.$inferSelect, "seq" | "hash">;

/** The hash covers exactly the stored columns (but seq and hash), so a verifier can recompute it. */
export function auditRowHash(row: StoredContent): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        at: row.at.toISOString(),
        actorId: row.actorId,
        actorRole: row.actorRole,
        organizationId: row.organizationId,
        action: row.action,
        outcome: row.outcome,
        targetType: row.targetType,
        targetId: row.targetId,
        caseId: row.caseId,
        ip: row.ip,
        userAgent: row.userAgent,
        details: row.details,
        prevHash: row.prevHash,
      }),
    )
    .digest("hex");
}

/** The stored columns of an event, but its link and hash (which need the chain's head). */
function contentOf(actor: AuditActor, event: AuditEventInput): Omit<StoredContent, "prevHash"> {
  return {
    // Millisecond precision: what JavaScript dates hold is exactly what PostgreSQL keeps.
    at: new Date(),
    actorId: actor.userId,
    actorRole: actor.role,
    organizationId: actor.organizationId,
    action: event.action,
    outcome: event.outcome ?? "ok",
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    caseId: event.caseId ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ? actor.userAgent.slice(0, 300) : null,
    details: event.details ?? {},
  };
}

/**
 * The newest hash this process appended: a hint that saves reading the head inside the lock.
 * It is never trusted: the insert that uses it carries the condition "the head is still this",
 * evaluated under the lock, and falls back to reading the head when another writer (another
 * instance, a rolled-back transaction) moved it.
 */
let headHint: string | null = null;

function chain(events: Omit<StoredContent, "prevHash">[], head: string) {
  let prevHash = head;
  return events.map((content) => {
    const row = { ...content, prevHash };
    prevHash = auditRowHash(row);
    return { ...row, hash: prevHash };
  });
}

/**
 * Chains `events` onto the head, in order, with one insert: the caller's transaction holds the
 * chain's lock from here to its commit, so everything before the lock is done first, and inside
 * it, when this process wrote the head, one statement (the conditional insert) before the commit.
 */
async function appendChained(tx: Db, events: Omit<StoredContent, "prevHash">[]): Promise<void> {
  // The lock and the conditional insert are sent together (pipelined on the transaction's
  // connection: one round trip instead of two). The server still runs them in order, so the
  // insert, and its "the head is still this" check, starts once the lock is held.
  const lock = tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  if (!headHint) await lock;
  else {
    const rows = chain(events, headHint);
    const values = rows.map(
      (r) =>
        sql`(${r.at.toISOString()}::timestamptz, ${r.actorId}::uuid, ${r.actorRole}::text, ${r.organizationId}::uuid, ${r.action}::text, ${r.outcome}::text, ${r.targetType}::text, ${r.targetId}::text, ${r.caseId}::uuid, ${r.ip}::text, ${r.userAgent}::text, ${JSON.stringify(r.details)}::jsonb, ${r.prevHash}::text, ${r.hash}::text)`,
    );
    const [, result] = await Promise.all([
      lock,
      tx.execute(sql`
      insert into audit_events (at, actor_id, actor_role, organization_id, action, outcome, target_type, target_id, case_id, ip, user_agent, details, prev_hash, hash)
      select * from (values ${sql.join(values, sql`, `)}) as v
      where (select e.hash from audit_events e order by e.seq desc limit 1) = ${headHint}
      returning hash`),
    ]);
    const inserted = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
    if (inserted.length === rows.length) {
      headHint = rows.at(-1)!.hash;
      return;
    }
  }
  const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  const rows = chain(events, last?.hash ?? AUDIT_GENESIS_HASH);
  await tx.insert(auditEvents).values(rows);
  headHint = rows.at(-1)!.hash;
}

/** An event's stored content before it is linked into the chain. */
export type PendingAuditEvent = Omit<StoredContent, "prevHash">;

/** Transactions (savepoints of a group commit) whose events are collected rather than appended. */
const collected = new WeakMap<object, PendingAuditEvent[]>();

/**
 * From now on, audit events appended in `tx` are collected in the returned list instead of being
 * chained at once: a group commit (db/group-commit.ts) chains the events of all its members with
 * one insert at the end, so the chain's lock is taken once per batch.
 */
export function collectAuditEvents(tx: Tx): PendingAuditEvent[] {
  const events: PendingAuditEvent[] = [];
  collected.set(tx, events);
  return events;
}

/** Chains collected events, in order, inside `tx` (which then holds the chain's lock until its commit). */
export async function appendCollectedAuditEvents(tx: Tx, events: PendingAuditEvent[]): Promise<void> {
  if (events.length) await appendChained(tx, events);
}

/**
 * Appends one event to the hash chain inside the caller's transaction, so the event and the
 * change it records commit or roll back together.
 */
export async function appendAudit(tx: Db, actor: AuditActor, event: AuditEventInput): Promise<void> {
  const content = contentOf(actor, event);
  const into = collected.get(tx);
  if (into) into.push(content);
  else await appendChained(tx, [content]);
}

type Waiting = { content: Omit<StoredContent, "prevHash">; resolve: () => void; reject: (err: unknown) => void };
const standaloneQueues = new WeakMap<object, Waiting[]>();
const MAX_BATCH = 500;

/**
 * Appends an event that has no other change to commit with it (a view, a download, a refusal)
 * in its own transaction, and resolves once it is committed. Concurrent ones share the
 * transaction (group commit): while one batch holds the chain's lock, the next events queue and
 * go in together, each still its own link of the chain. One lock hold per batch instead of one
 * per event is what lets audited views scale with concurrent readers. An event the batch could
 * not store (e.g. a reference to a case that does not exist) is retried alone, so it alone fails.
 */
export function appendAuditStandalone(db: Db, actor: AuditActor, event: AuditEventInput): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const content = contentOf(actor, event);
    const waiting = standaloneQueues.get(db);
    if (waiting) return void waiting.push({ content, resolve, reject });
    standaloneQueues.set(db, [{ content, resolve, reject }]);
    void flushStandalone(db);
  });
}

async function flushStandalone(db: Db): Promise<void> {
  const waiting = standaloneQueues.get(db)!;
  while (waiting.length) {
    const batch = waiting.splice(0, MAX_BATCH);
    try {
      await db.transaction((tx) =>
        appendChained(
          tx,
          batch.map((w) => w.content),
        ),
      );
      for (const w of batch) w.resolve();
    } catch (err) {
      if (batch.length === 1) batch[0]!.reject(err);
      else
        for (const w of batch) await db.transaction((tx) => appendChained(tx, [w.content])).then(w.resolve, w.reject);
    }
  }
  standaloneQueues.delete(db);
}

export type ChainBreakKind = "altered" | "removed" | "inserted" | "reordered";

export interface ChainVerification {
  ok: boolean;
  /** Events checked and found sound before the first break (all of them when ok). */
  checked: number;
  /** The newest event checked. */
  headSeq?: number;
  /** The first event that does not fit, what kind of break it is, and in words. */
  firstProblem?: { seq: number; kind: ChainBreakKind | "tail_removed" | "checkpoint"; problem: string };
}

type Row = typeof auditEvents.$inferSelect;

/**
 * Recomputes every hash and link from the stored rows, in order of sequence number, in batches
 * (bounded memory at any length). Sequence numbers may have gaps (a rolled-back transaction
 * uses one up); only hashes and links count. At the first break it tells what happened:
 * - altered: the event's content no longer matches its hash, or (content and hash both rewritten)
 *   the next event still links to the old hash with no gap in between;
 * - removed: an event links to one that is no longer in the chain;
 * - inserted: an event sits between two that link to each other past it;
 * - reordered: an event links to one that now comes after it.
 */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<ChainVerification> {
  let prevHash = AUDIT_GENESIS_HASH;
  let last = null as Pick<Row, "seq" | "hash"> | null;
  let checked = 0;
  const broken = (seq: number, kind: ChainBreakKind, problem: string): ChainVerification => ({
    ok: false,
    checked,
    headSeq: last?.seq,
    firstProblem: { seq, kind, problem },
  });
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, last?.seq ?? 0))
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize);
    if (rows.length === 0) return { ok: true, checked, headSeq: last?.seq };
    for (const row of rows) {
      if (auditRowHash(row) !== row.hash)
        return broken(row.seq, "altered", `event #${row.seq} was altered: its content does not match its hash`);
      if (row.prevHash !== prevHash) {
        const [linked] = await db
          .select({ seq: auditEvents.seq })
          .from(auditEvents)
          .where(eq(auditEvents.hash, row.prevHash))
          .limit(1);
        if (linked && linked.seq > row.seq)
          return broken(
            row.seq,
            "reordered",
            `event #${row.seq} is out of order: it follows event #${linked.seq}, which now comes after it`,
          );
        if (linked) {
          const [first] = await db
            .select({ seq: auditEvents.seq })
            .from(auditEvents)
            .where(gt(auditEvents.seq, linked.seq))
            .orderBy(asc(auditEvents.seq))
            .limit(1);
          return broken(
            first!.seq,
            "inserted",
            `event #${first!.seq} was inserted: event #${row.seq} links past it to event #${linked.seq}`,
          );
        }
        const [next] = await db
          .select({ prevHash: auditEvents.prevHash })
          .from(auditEvents)
          .where(gt(auditEvents.seq, row.seq))
          .orderBy(asc(auditEvents.seq))
          .limit(1);
        if (next && next.prevHash === prevHash)
          return broken(
            row.seq,
            "inserted",
            `event #${row.seq} was inserted: the event after it links past it to ${last ? `event #${last.seq}` : "the chain's start"}`,
          );
        if (last && row.seq === last.seq + 1)
          return broken(
            last.seq,
            "altered",
            `event #${last.seq} was altered and its hash recomputed: event #${row.seq} still links to its original hash`,
          );
        return broken(
          row.seq,
          "removed",
          `the event(s) before #${row.seq} were removed: it links to an event no longer in the chain (after ${last ? `#${last.seq}` : "the chain's start"})`,
        );
      }
      prevHash = row.hash;
      last = { seq: row.seq, hash: row.hash };
      checked++;
    }
  }
}

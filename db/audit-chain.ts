import { createHash } from "node:crypto";
import { asc, desc, gt, sql } from "drizzle-orm";
import { canonicalJson } from "@/lib/canonical-json";
import type { Db } from "./client";
import { auditEvents } from "./schema";

export const AUDIT_GENESIS_HASH = "0".repeat(64);
/** One writer at a time extends the chain (transaction-scoped advisory lock). */
const AUDIT_CHAIN_LOCK = 339_007;

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

/**
 * Appends one event to the hash chain inside the caller's transaction, so the event and the
 * change it records commit or roll back together.
 */
export async function appendAudit(tx: Db, actor: AuditActor, event: AuditEventInput): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  // Millisecond precision: what JavaScript dates hold is exactly what PostgreSQL keeps.
  const content: StoredContent = {
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
    prevHash: last?.hash ?? AUDIT_GENESIS_HASH,
  };
  await tx.insert(auditEvents).values({ ...content, hash: auditRowHash(content) });
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first row that does not match, with what is wrong. */
  firstProblem?: { seq: number; problem: string };
}

/** Recomputes every hash and link from the stored rows, in order. */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<ChainVerification> {
  let prevHash = AUDIT_GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.seq, afterSeq)).orderBy(asc(auditEvents.seq)).limit(batchSize);
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.prevHash !== prevHash)
        return { ok: false, checked, firstProblem: { seq: row.seq, problem: "link to the previous event is broken (an event was removed or reordered)" } };
      if (auditRowHash(row) !== row.hash)
        return { ok: false, checked, firstProblem: { seq: row.seq, problem: "content does not match its hash (the event was altered)" } };
      prevHash = row.hash;
      afterSeq = row.seq;
      checked++;
    }
  }
}

import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { verifyAuditChain, type ChainVerification } from "@/db/audit-chain";
import { auditEvents } from "@/db/schema";
import { checkpointSignatureValid, latestAnchor, latestDatabaseCheckpoint, type Checkpoint } from "./checkpoints";
import { resolveAuditVerifyKey, type AuditVerifyKey } from "./signing-key";

export interface TrailVerification extends ChainVerification {
  /** The signed checkpoint the chain's end was checked against. */
  checkpoint:
    | { status: "matches"; source: CheckpointSource; headSeq: number; createdAt: string }
    | { status: "none" | "no_key"; reason: string };
}

/** Where a checkpoint came from: the anchor folder, the database, or one an outside party received (email, webhook) and hands back. */
type CheckpointSource = "anchor" | "database" | "received";
const SOURCE_WORDS: Record<CheckpointSource, [string, string]> = {
  anchor: ["anchored", "anchor folder"],
  database: ["stored", "database"],
  received: ["received", "received by email or webhook"],
};

/**
 * The chain recomputed end to end, then its end checked against the newest signed checkpoint
 * (the anchor folder outside the database, and the database's own copy): a chain that is intact
 * but shorter than a checkpoint lost its newest events. What `npm run audit:verify` and the
 * verify page both run. `received`: checkpoints an auditor kept from the email or webhook
 * anchors (`audit:verify --checkpoint FILE`), checked the same way: someone who deleted the tail
 * and the folder's and database's newer checkpoints cannot recall a mail already delivered.
 */
export async function verifyAuditTrail(
  db: Db,
  opts: { key?: AuditVerifyKey | null; anchorDir?: string; batchSize?: number; received?: Checkpoint[] } = {},
): Promise<TrailVerification> {
  let key = opts.key ?? null;
  let keyError = "";
  if (opts.key === undefined) {
    try {
      key = resolveAuditVerifyKey();
    } catch (err) {
      keyError = (err as Error).message;
    }
  }
  const candidates: { source: CheckpointSource; c: Checkpoint }[] = (opts.received ?? []).map((c) => ({
    source: "received" as const,
    c,
  }));
  const anchored = latestAnchor(opts.anchorDir);
  if (anchored) candidates.push({ source: "anchor", c: anchored });
  const stored = await latestDatabaseCheckpoint(db);
  if (stored) candidates.push({ source: "database", c: stored });

  const chain = await verifyAuditChain(db, opts.batchSize);
  if (!key) return { ...chain, checkpoint: { status: "no_key", reason: keyError || "no signing key" } };
  const forged = candidates.find(({ c }) => !checkpointSignatureValid(key, c));
  if (forged && chain.ok)
    return {
      ...chain,
      ok: false,
      firstProblem: {
        seq: forged.c.headSeq,
        kind: "checkpoint",
        problem: `the ${SOURCE_WORDS[forged.source][0]} checkpoint at event #${forged.c.headSeq} does not carry a valid signature of this portal's key`,
      },
      checkpoint: { status: "none", reason: "a checkpoint's signature is not valid" },
    };
  const newest = candidates.sort((a, b) => b.c.headSeq - a.c.headSeq)[0];
  if (!newest) return { ...chain, checkpoint: { status: "none", reason: "no checkpoint written yet" } };
  const checkpoint = {
    status: "matches" as const,
    source: newest.source,
    headSeq: newest.c.headSeq,
    createdAt: newest.c.createdAt,
  };
  if (!chain.ok || newest.c.headSeq === 0) return { ...chain, checkpoint };
  const end = chain.headSeq ?? 0;
  if (end < newest.c.headSeq)
    return {
      ...chain,
      ok: false,
      firstProblem: {
        seq: newest.c.headSeq,
        kind: "tail_removed",
        problem: `the newest events were removed: the checkpoint signed ${newest.c.createdAt} covers ${newest.c.eventCount} events through #${newest.c.headSeq}, the chain now ends at ${end ? `#${end}` : "its start"}`,
      },
      checkpoint,
    };
  const [atHead] = await db
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.seq, newest.c.headSeq))
    .limit(1);
  if (!atHead || atHead.hash !== newest.c.headHash)
    return {
      ...chain,
      ok: false,
      firstProblem: {
        seq: newest.c.headSeq,
        kind: atHead ? "altered" : "removed",
        problem: atHead
          ? `event #${newest.c.headSeq} does not match the signed checkpoint of ${newest.c.createdAt}: the chain was rewritten up to it`
          : `event #${newest.c.headSeq}, the head of the signed checkpoint of ${newest.c.createdAt}, is no longer in the chain`,
      },
      checkpoint,
    };
  return { ...chain, checkpoint };
}

/** The checkpoint part of a verification in words (the page and the command line). */
export function describeCheckpoint(cp: TrailVerification["checkpoint"]): string {
  return cp.status === "matches"
    ? `The chain's end matches the newest signed checkpoint (${SOURCE_WORDS[cp.source][1]}, ${cp.createdAt.replace("T", " ").slice(0, 19)} UTC, through event #${cp.headSeq}).`
    : `No checkpoint was checked: ${cp.reason}.`;
}

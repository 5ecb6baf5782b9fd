import type { Db, Tx } from "./client";
import { appendCollectedAuditEvents, collectAuditEvents, type PendingAuditEvent } from "./audit-chain";

/**
 * Group commit for audited writes that arrive together (API submissions): every state change
 * appends its audit event under the chain's lock, held until COMMIT, so one transaction per change
 * means one lock hold and one fsync per change, one after the other. Here concurrent callers on one
 * instance share a transaction instead:
 * - each runs in its own SAVEPOINT, in arrival order: one that fails rolls back alone and gets its
 *   own error, the others go on;
 * - their audit events are collected and chained with one insert at the end (one lock hold per
 *   batch, still one link per event);
 * - one COMMIT; every caller is answered only after it (nothing is acknowledged that could be lost).
 * A few batches run at once (LANES, each on its own connection) so the work before the lock
 * overlaps. A batch whose commit fails, or a member that lost a deadlock to another lane, is
 * retried alone in a plain transaction, so one failure never fails the others.
 */
const LANES = 3;
/** PostgreSQL keeps 64 subtransactions per backend in shared memory; stay below. */
const MAX_BATCH = 32;

type Job = { fn: (tx: Tx) => Promise<unknown>; resolve: (value: unknown) => void; reject: (err: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
const committers = new WeakMap<object, { queue: Job[]; lanes: number }>();

export function inGroupTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let committer = committers.get(db);
    if (!committer) committers.set(db, (committer = { queue: [], lanes: 0 }));
    committer.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
    if (committer.lanes < LANES) void runLane(db, committer);
  });
}

async function runLane(db: Db, committer: { queue: Job[]; lanes: number }): Promise<void> {
  committer.lanes++;
  try {
    while (committer.queue.length) await runBatch(db, committer.queue.splice(0, MAX_BATCH));
  } finally {
    committer.lanes--;
  }
}

const isDeadlock = (err: unknown): boolean => {
  for (
    let e = err as { code?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  )
    if (e.code === "40P01") return true;
  return false;
};

async function runBatch(db: Db, batch: Job[]): Promise<void> {
  if (batch.length === 1) return alone(db, batch[0]!);
  const outcomes: Outcome[] = [];
  try {
    await db.transaction(async (tx) => {
      const events: PendingAuditEvent[] = [];
      for (const job of batch) {
        try {
          const { value, mine } = await tx.transaction(async (savepoint) => {
            const mine = collectAuditEvents(savepoint);
            return { value: await job.fn(savepoint), mine };
          });
          events.push(...mine);
          outcomes.push({ ok: true, value });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      await appendCollectedAuditEvents(tx, events);
    });
  } catch {
    // Not committed: nothing of the batch is stored; each member runs again on its own.
    for (const job of batch) await alone(db, job);
    return;
  }
  for (const [i, job] of batch.entries()) {
    const outcome = outcomes[i]!;
    if (outcome.ok) job.resolve(outcome.value);
    else if (isDeadlock(outcome.error)) await alone(db, job);
    else job.reject(outcome.error);
  }
}

async function alone(db: Db, job: Job): Promise<void> {
  await db.transaction(job.fn).then(job.resolve, job.reject);
}

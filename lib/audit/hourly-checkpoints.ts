import type { Db } from "@/db/client";
import { writeCheckpoint } from "./checkpoints";
import { resolveAuditSigningKey } from "./signing-key";

/**
 * The server's hourly checkpoint (AUDIT_CHECKPOINT_MINUTES, default 60; 0 turns it off). Without
 * a signing key it says so once at start-up and writes none, rather than refusing to serve.
 */
export function startCheckpointTimer(db: Db): void {
  const minutes = Number(process.env.AUDIT_CHECKPOINT_MINUTES ?? 60);
  if (!(minutes > 0)) return;
  try {
    resolveAuditSigningKey();
  } catch (err) {
    console.error(`[portal] audit checkpoints are off: ${(err as Error).message}`);
    return;
  }
  const timer = setInterval(() => {
    writeCheckpoint(db).catch((err) => console.error(`[portal] audit checkpoint failed: ${(err as Error).message}`));
  }, minutes * 60_000);
  timer.unref();
}

import type { Db } from "@/db/client";
import { writeScheduledCheckpoint } from "./checkpoints";
import { resolveAuditSigningKey } from "./signing-key";
import { anchorEmails } from "./anchors";

/**
 * The server's hourly checkpoint (AUDIT_CHECKPOINT_MINUTES, default 60; 0 turns it off). Without
 * a signing key it says so once at start-up and writes none, rather than refusing to serve.
 * Every instance runs the timer; the write itself skips when another instance signed within the
 * last nine tenths of the interval, so the chain gets one checkpoint a window.
 */
export function startCheckpointTimer(db: Db): void {
  const minutes = Number(process.env.AUDIT_CHECKPOINT_MINUTES ?? 60);
  if (!(minutes > 0)) return;
  try {
    resolveAuditSigningKey();
    anchorEmails(); // a malformed AUDIT_ANCHOR_EMAIL is said once here, not every hour
  } catch (err) {
    console.error(`[portal] audit checkpoints are off: ${(err as Error).message}`);
    return;
  }
  const timer = setInterval(() => {
    writeScheduledCheckpoint(db, minutes * 60_000 * 0.9).catch((err) =>
      console.error(`[portal] audit checkpoint failed: ${(err as Error).message}`),
    );
  }, minutes * 60_000);
  timer.unref();
}

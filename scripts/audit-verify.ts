// npm run audit:verify — recomputes the whole audit chain in batches, checks its end against the
// newest signed checkpoint (anchor folder and database), and recomputes every determination's
// signature. Prints "intact, N events" or the first break; exits 1 on any break.
// `--checkpoint FILE` (repeatable): also check against a checkpoint kept outside the portal, as the
// email anchor (the whole message or the block between its markers), an audit.checkpoint webhook
// body, or a checkpoint file; its signature must be valid under the portal's (public) key.
// With embedded PGlite, stop the server first: its folder must never be opened by two processes.
import { readFileSync } from "node:fs";
import { getDatabase } from "@/db/client";
import { parseReceivedCheckpoint } from "@/lib/audit/anchors";
import { describeCheckpoint, verifyAuditTrail } from "@/lib/audit/verify-trail";
import { verifyDeterminationSignatures } from "@/lib/audit/determination-signatures";

const files = process.argv.flatMap((a, i, all) =>
  a === "--checkpoint" && all[i + 1] ? [all[i + 1]!] : a.startsWith("--checkpoint=") ? [a.slice(13)] : [],
);
let received;
try {
  received = files.map((f) => parseReceivedCheckpoint(readFileSync(f, "utf8")));
} catch (err) {
  console.error(`audit verify: ${(err as Error).message}`);
  process.exit(2);
}
const handle = await getDatabase();
try {
  const started = performance.now();
  const trail = await verifyAuditTrail(handle.db, { received });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const peakMb = (process.resourceUsage().maxRSS / 1024).toFixed(0);
  if (trail.ok) {
    console.log(
      `audit chain: intact, ${trail.checked} events (${seconds} s, peak memory ${peakMb} MB). ${describeCheckpoint(trail.checkpoint)}`,
    );
  } else {
    console.log(
      `audit chain: BROKEN at event #${trail.firstProblem!.seq} (${trail.firstProblem!.kind}): ${trail.firstProblem!.problem}; ${trail.checked} events before it are intact`,
    );
    process.exitCode = 1;
  }
  const signatures = await verifyDeterminationSignatures(handle.db);
  if (signatures.ok) console.log(`determinations: ${signatures.checked} signatures valid`);
  else {
    console.log(
      `determinations: signature INVALID for determination ${signatures.firstProblem!.determinationId} (case ${signatures.firstProblem!.caseId}); ${signatures.checked} before it valid`,
    );
    process.exitCode = 1;
  }
} catch (err) {
  console.error(`audit verify failed: ${(err as Error).message}`);
  process.exitCode = 2;
} finally {
  await handle.close();
}

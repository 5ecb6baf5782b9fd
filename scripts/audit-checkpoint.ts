// npm run audit:checkpoint — signs the audit chain's head with AUDIT_SIGNING_KEY and records the
// checkpoint in the database and in the anchor folder (AUDIT_ANCHOR_DIR, default .data/audit-anchors).
// The server also writes one every hour. With embedded PGlite, stop the server first.
// `npm run audit:checkpoint -- --public-key` prints the public key (SPKI PEM) instead: set it as
// AUDIT_VERIFY_PUBLIC_KEY where the chain is verified, so that machine needs no signing key.
import { getDatabase, migrateDatabase } from "@/db/client";
import { writeCheckpoint } from "@/lib/audit/checkpoints";
import { anchorDir, publicKeyPem, resolveAuditSigningKey } from "@/lib/audit/signing-key";

if (process.argv.includes("--public-key")) {
  process.stdout.write(publicKeyPem(resolveAuditSigningKey()));
  process.exit(0);
}

const handle = await getDatabase();
try {
  await migrateDatabase(handle);
  const c = await writeCheckpoint(handle.db);
  console.log(`checkpoint signed: ${c.eventCount} events through #${c.headSeq} (head ${c.headHash.slice(0, 16)}…, key ${c.keyId.slice(0, 16)}…), written to the database and ${anchorDir()}`);
} catch (err) {
  console.error(`audit checkpoint failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}

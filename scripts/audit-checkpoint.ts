// npm run audit:checkpoint — signs the audit chain's head with AUDIT_SIGNING_KEY and records the
// checkpoint in the database and in the anchor folder (AUDIT_ANCHOR_DIR, default .data/audit-anchors).
// The server also writes one every hour. With embedded PGlite, stop the server first.
// `npm run audit:checkpoint -- --public-key` prints the public key (SPKI PEM) instead: set it as
// AUDIT_VERIFY_PUBLIC_KEY where the chain is verified, so that machine needs no signing key.
// The checkpoint's email (AUDIT_ANCHOR_EMAIL) and webhook (audit.checkpoint) anchors are queued in
// its transaction and delivered here at once (SMTP_URL; without it the mail is held on the Outbox
// page); what fails now is retried by the server's outbox worker.
import { register } from "node:module";
import { pathToFileURL } from "node:url";
import { getDatabase, migrateDatabase } from "@/db/client";
import { writeCheckpoint } from "@/lib/audit/checkpoints";
import { smtpTransport } from "@/lib/server/outbox/transport";
import { deliverDue } from "@/lib/server/outbox/worker";

// Webhook delivery reads the endpoint's sealed secret through `server-only` modules; outside
// Next.js that marker throws, so it is mapped to its empty variant (as the react-server
// condition does in the app) before they load (as the benches do).
const emptyServerOnly = JSON.stringify(pathToFileURL(`${process.cwd()}/node_modules/server-only/empty.js`).href);
register(
  `data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, n) { if (s === "server-only") return { url: ${emptyServerOnly}, shortCircuit: true }; return n(s, c); }`)}`,
);
import { anchorDir, publicKeyPem, resolveAuditSigningKey } from "@/lib/audit/signing-key";

if (process.argv.includes("--public-key")) {
  process.stdout.write(publicKeyPem(resolveAuditSigningKey()));
  process.exit(0);
}

const handle = await getDatabase();
try {
  await migrateDatabase(handle);
  const c = await writeCheckpoint(handle.db);
  console.log(
    `checkpoint signed: ${c.eventCount} events through #${c.headSeq} (head ${c.headHash.slice(0, 16)}…, key ${c.keyId.slice(0, 16)}…), written to the database and ${anchorDir()}`,
  );
  const only = c.anchors.outboxIds;
  if (only.length) {
    const mail = await deliverDue(handle.db, smtpTransport(), { only });
    const { deliverWebhooksDue } = await import("@/lib/server/webhooks/deliver");
    const hooks = await deliverWebhooksDue(handle.db, { only });
    console.log(
      `anchors: ${c.anchors.emails} email (${mail.sent} sent, ${mail.held} held without SMTP_URL, ${mail.failed} to retry), ${c.anchors.webhooks} webhook (${hooks.delivered} delivered, ${hooks.failed} to retry)`,
    );
  } else console.log("anchors: no AUDIT_ANCHOR_EMAIL and no audit.checkpoint webhook endpoint; the anchor folder only");
} catch (err) {
  console.error(`audit checkpoint failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}

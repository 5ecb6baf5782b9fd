// Webhook delivery latency, from the commit of a case change to the receipt of its signed
// webhook by a real HTTP receiver, through the real outbox worker (startOutboxWorker) on an
// in-memory PGlite (PostgreSQL with TEST_DATABASE_URL). Two modes: the default, where the
// committing service wakes the worker (withTransaction → wakeOutbox), and poll-only (the wake
// switched off), where latency is bound by OUTBOX_POLL_MS.
import { register } from "node:module";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

const HOOK = `
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: ${JSON.stringify(pathToFileURL(`${process.cwd()}/node_modules/server-only/empty.js`).href)}, shortCircuit: true };
  return next(specifier, context);
}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchWebhooks(): Promise<string[]> {
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
  const pollMs = 1000;
  process.env.OUTBOX_POLL_MS = String(pollMs);
  const { createTestDatabase } = await import("../test/db");
  const { givenProviderOrg, givenUser, ctxFor, cnmpTrialRequest } = await import("../test/given");
  const { submitCase } = await import("../lib/server/cases/submit-case");
  const { createWebhookEndpoint } = await import("../lib/server/webhooks/endpoints");
  const { startOutboxWorker } = await import("../lib/server/outbox/start-worker");
  const { setOutboxWake } = await import("../lib/server/outbox/enqueue");
  const { Webhook } = await import("standardwebhooks");

  const handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<typeof handle> }).__portalDb = Promise.resolve(handle);
  const db = handle.db;
  const org = await givenProviderOrg(db);
  const ctx = ctxFor(db, await givenUser(db, "provider", { organizationId: org.id }));

  const arrivals = new Map<string, number>();
  let secret = "";
  let bad = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      const body = Buffer.concat(chunks).toString("utf8");
      try {
        new Webhook(secret).verify(
          body,
          Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        );
        arrivals.set((JSON.parse(body) as { data: { id: string } }).data.id, at);
        res.writeHead(204).end();
      } catch {
        bad++;
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(42152, "127.0.0.1", resolve));
  secret = (await createWebhookEndpoint(ctx, { url: "http://127.0.0.1:42152/hook", events: ["case.received"] })).secret;

  const worker = startOutboxWorker();
  const lines: string[] = [
    `webhooks (commit → signed receipt, real worker on ${handle.kind === "pglite" ? "in-memory PGlite" : "PostgreSQL"}, OUTBOX_POLL_MS=${pollMs}):`,
  ];
  const measure = async (n: number, gapMs: number) => {
    const latencies: number[] = [];
    for (let i = 0; i < n; i++) {
      const made = await submitCase(ctx, { request: cnmpTrialRequest() });
      const committed = performance.now();
      const deadline = committed + 10_000;
      while (!arrivals.has(made.id) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      const at = arrivals.get(made.id);
      if (at !== undefined) latencies.push(at - committed);
      await new Promise((r) => setTimeout(r, gapMs < 0 ? Math.random() * pollMs : gapMs)); // -1: a random phase against the poll
    }
    latencies.sort((a, b) => a - b);
    return `p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms (${latencies.length}/${n} received)`;
  };
  for (let i = 0; i < 5; i++) await submitCase(ctx, { request: cnmpTrialRequest() }); // warm-up
  await new Promise((r) => setTimeout(r, 1500));
  lines.push(`  woken on commit (default): ${await measure(60, 20)}`);
  setOutboxWake(undefined);
  lines.push(`  poll only (no wake):       ${await measure(30, -1)}`);
  lines.push(`  signature failures at the receiver: ${bad}`);
  worker.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await handle.close();
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const line of await benchWebhooks()) console.log(line);
}

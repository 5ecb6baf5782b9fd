// PAS subscription notification latency: from the commit of a reviewer's decision to the receipt of
// the rest-hook notification (a full-resource Bundle with the PAS response) by a real HTTP receiver,
// through the real outbox worker (startOutboxWorker, woken on commit), on an in-memory PGlite
// (PostgreSQL with TEST_DATABASE_URL).
import { register } from "node:module";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import type { Bundle, ClaimResponse } from "@medplum/fhirtypes";

const HOOK = `
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: ${JSON.stringify(pathToFileURL(`${process.cwd()}/node_modules/server-only/empty.js`).href)}, shortCircuit: true };
  return next(specifier, context);
}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchSubscriptions(): Promise<string[]> {
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
  process.env.OUTBOX_POLL_MS = "1000";
  const { createTestDatabase } = await import("../test/db");
  const { givenPlanOrg, givenProviderOrg, givenUser, ctxFor, givenClaimedCase, findingsFor } =
    await import("../test/given");
  const { approveCase } = await import("../lib/server/review/approve-case");
  const { createSubscription } = await import("../lib/server/fhir-subscriptions/subscriptions");
  const { startOutboxWorker } = await import("../lib/server/outbox/start-worker");

  const handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<typeof handle> }).__portalDb = Promise.resolve(handle);
  const db = handle.db;
  const org = await givenProviderOrg(db, { npi: "1234567893" });
  const provider = ctxFor(db, await givenUser(db, "provider", { organizationId: org.id }));
  const nurse = ctxFor(db, await givenUser(db, "nurse_reviewer", { organizationId: (await givenPlanOrg(db)).id }));

  const arrivals = new Map<string, number>();
  let handshakes = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      const bundle = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Bundle;
      const response = bundle.entry?.[1]?.resource as Bundle | undefined;
      const claimResponse = response?.entry?.[0]?.resource as ClaimResponse | undefined;
      if (claimResponse?.preAuthRef) arrivals.set(claimResponse.preAuthRef, at);
      else handshakes++;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(42153, "127.0.0.1", resolve));
  const worker = startOutboxWorker();
  const created = await createSubscription(provider, {
    resourceType: "Subscription",
    criteria: "http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic",
    channel: { type: "rest-hook", endpoint: "http://127.0.0.1:42153/pas", payload: "application/fhir+json" },
  });
  if (!created.ok) throw new Error("the subscription was refused");
  while (handshakes === 0) await new Promise((r) => setTimeout(r, 20));

  const latencies: number[] = [];
  const n = 40;
  for (let i = 0; i < n + 3; i++) {
    const made = await givenClaimedCase(nurse, { provider });
    await approveCase(nurse, {
      caseId: made.case.id,
      version: made.case.version,
      findings: findingsFor(made.result),
      rationale: "Every criterion is documented and met.",
    });
    const committed = performance.now();
    const deadline = committed + 10_000;
    while (!arrivals.has(made.case.reference) && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 2));
    const at = arrivals.get(made.case.reference);
    if (i >= 3 && at !== undefined) latencies.push(at - committed); // the first three warm up
  }
  latencies.sort((a, b) => a - b);
  worker.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await handle.close();
  return [
    `PAS subscription notifications (decision commit → rest-hook receipt with the PAS response Bundle, real worker on ${handle.kind === "pglite" ? "in-memory PGlite" : "PostgreSQL"}, woken on commit):`,
    `  p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms (${latencies.length}/${n} received)`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const line of await benchSubscriptions()) console.log(line);
}

// Submissions through the real service on an in-memory PGlite: latency p50/p95 of one
// submission, 50 concurrent identical submissions (one idempotency key) and 50 concurrent
// distinct ones (counts of cases made), and the time to store a 25 MB attachment.
//
// The services are `server-only`; outside Next.js that marker module throws, so a resolve hook
// maps it to its empty variant (as the react-server condition does in the app) before loading them.
import { register } from "node:module";
import { pathToFileURL } from "node:url";

const HOOK = `
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: ${JSON.stringify(pathToFileURL(`${process.cwd()}/node_modules/server-only/empty.js`).href)}, shortCircuit: true };
  return next(specifier, context);
}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchSubmissions(): Promise<string[]> {
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
  const { createTestDatabase } = await import("../test/db");
  const { cases } = await import("../db/schema");
  const { givenProviderOrg, givenUser, ctxFor } = await import("../test/given");
  const { cnmpTrialRequest } = await import("../test/given");
  const { submitCase } = await import("../lib/server/cases/submit-case");
  const { uploadAttachment } = await import("../lib/server/attachments/upload-attachment");
  const { eq, count } = await import("drizzle-orm");

  // In-memory PGlite; a fresh PostgreSQL database instead when TEST_DATABASE_URL is set.
  const handle = await createTestDatabase();
  const db = handle.db;
  const org = await givenProviderOrg(db);
  const ctx = ctxFor(db, await givenUser(db, "provider", { organizationId: org.id }));
  const lines: string[] = [
    `submissions (submitCase on ${handle.kind === "pglite" ? "in-memory PGlite" : "PostgreSQL"}):`,
  ];

  for (let i = 0; i < 10; i++) await submitCase(ctx, { request: cnmpTrialRequest() }); // warm-up
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await submitCase(ctx, { request: cnmpTrialRequest(), idempotencyKey: `seq-${i}-${Date.now()}` });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  lines.push(
    `  one submission: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (200 sequential)`,
  );

  const casesOf = async () =>
    Number((await db.select({ n: count() }).from(cases).where(eq(cases.organizationId, org.id)))[0]!.n);
  const key = `burst-${Date.now()}`;
  let before = await casesOf();
  let t = performance.now();
  const same = await Promise.all(
    Array.from({ length: 50 }, () => submitCase(ctx, { request: cnmpTrialRequest(), idempotencyKey: key })),
  );
  lines.push(
    `  50 concurrent identical: ${(await casesOf()) - before} case made, ${new Set(same.map((r) => r.id)).size} distinct id returned, ${same.filter((r) => r.created).length} created, ${(performance.now() - t).toFixed(0)} ms`,
  );
  before = await casesOf();
  t = performance.now();
  await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      submitCase(ctx, { request: cnmpTrialRequest(), idempotencyKey: `distinct-${i}-${Date.now()}` }),
    ),
  );
  lines.push(
    `  50 concurrent distinct: ${(await casesOf()) - before} cases made, ${(performance.now() - t).toFixed(0)} ms`,
  );

  const target = await submitCase(ctx, { request: cnmpTrialRequest() });
  const bytes = new Uint8Array(25 * 1024 * 1024);
  bytes.set(new TextEncoder().encode("%PDF-1.7\n"));
  t = performance.now();
  await uploadAttachment(ctx, { caseId: target.id, fileName: "25mb.pdf", bytes });
  lines.push(
    `  25 MB attachment stored (type check, SHA-256, database storage): ${(performance.now() - t).toFixed(0)} ms`,
  );
  await handle.close();
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const line of await benchSubmissions()) console.log(line);
}

// PAS Claim/$submit through the route handler (authentication, JSON parsing, base64 decoding,
// type sniffing, submitCase, the upload service, the ClaimResponse) with a 1 MB PDF attachment:
// latency p50/p95 over sequential submissions, each a new case.
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

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function benchFhirSubmit(): Promise<string[]> {
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
  // The bench is one client sending as fast as it can: lift the per-key rate limit for it.
  process.env.API_RATE_LIMIT_BURST = "1000000";
  process.env.API_RATE_LIMIT_PER_SECOND = "1000000";
  const { createTestDatabase } = await import("../test/db");
  const { givenProviderOrg, givenUser, ctxFor } = await import("../test/given");
  const { cnmpTrialRequest } = await import("../test/given");
  const { pasRequestBundle, pdfBytes } = await import("../test/fhir-bundles");
  const { createApiKey } = await import("../lib/server/api-keys/create-api-key");
  const submitRoute = await import("../app/fhir/Claim/$submit/route");

  const handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<typeof handle> }).__portalDb = Promise.resolve(handle);
  const org = await givenProviderOrg(handle.db);
  const { key } = await createApiKey(
    ctxFor(handle.db, await givenUser(handle.db, "provider", { organizationId: org.id })),
    { name: "bench" },
  );
  const document = { data: pdfBytes(1024 * 1024), contentType: "application/pdf", title: "records.pdf" };
  const body = (i: number) =>
    JSON.stringify(
      pasRequestBundle(cnmpTrialRequest(), { identifier: `urn:bench:${Date.now()}:${i}`, documents: [document] }),
    );
  const call = async (text: string) => {
    const res = await submitRoute.POST(
      new Request("http://localhost/fhir/Claim/$submit", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/fhir+json" },
        body: text,
      }),
      { params: Promise.resolve({}) },
    );
    if (res.status !== 200) throw new Error(`$submit answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  for (let i = 0; i < 5; i++) await call(body(-i - 1)); // warm-up
  const size = body(0).length;
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const text = body(i);
    const t = performance.now();
    await call(text);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  await handle.close();
  return [
    `FHIR Claim/$submit (route handler, ${handle.kind === "pglite" ? "in-memory PGlite" : "PostgreSQL"}), Bundle of ${(size / 1048576).toFixed(2)} MB with a 1 MB PDF:`,
    `  p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (60 sequential, each a new case with its attachment)`,
  ];
}

// An EHR's calls through the route handlers, as a registered SMART Backend Services client:
// the token endpoint (assertion verified, jti stored, token signed), a signed CDS Hooks order-sign
// call, and PAS Claim/$submit with a 1 MB PDF attachment (authentication, JSON parsing, base64
// decoding, type sniffing, submitCase, the upload service, the ClaimResponse): latency p50/p95
// over sequential calls (each submission a new case). Signing on the EHR's side is not timed.
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
  const { givenProviderOrg, givenUser } = await import("../test/given");
  const { cnmpTrialRequest } = await import("../test/given");
  const { pasRequestBundle, pdfBytes } = await import("../test/fhir-bundles");
  const { hookRequest } = await import("../test/fhir-bundles");
  const { givenTestEhr } = await import("../test/test-ehr");
  const submitRoute = await import("../app/fhir/Claim/$submit/route");
  const tokenRoute = await import("../app/oauth/token/route");
  const hookRoute = await import("../app/cds-services/[id]/route");

  const handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<typeof handle> }).__portalDb = Promise.resolve(handle);
  const org = await givenProviderOrg(handle.db);
  const provider = await givenUser(handle.db, "provider", { organizationId: org.id });
  const ehr = await givenTestEhr(handle.db, { organizationId: org.id, actingUserId: provider.id });
  const tokenUrl = "http://localhost/oauth/token";
  const tokenCall = async (assertion: string) => {
    const res = await tokenRoute.POST(
      new Request(tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          client_assertion: assertion,
          scope: "system/Claim.write system/Claim.read",
        }).toString(),
      }),
    );
    const answer = (await res.json()) as { access_token?: string };
    if (res.status !== 200 || !answer.access_token) throw new Error(`the token endpoint answered ${res.status}`);
    return answer.access_token;
  };
  const tokenTimes = await timed(60, () => ehr.assertion(tokenUrl), tokenCall);
  const key = await tokenCall(await ehr.assertion(tokenUrl));
  const hookUrl = "http://localhost/cds-services/pa-339-7-order-sign";
  const hookBody = JSON.stringify(hookRequest("order-sign", [{ id: "sr-1", codes: ["62322"], indication: "cnmp" }]));
  const hookTimes = await timed(
    60,
    () => ehr.hookJwt(hookUrl),
    async (jwt) => {
      const res = await hookRoute.POST(
        new Request(hookUrl, {
          method: "POST",
          headers: { authorization: `Bearer ${jwt}`, "content-type": "application/json" },
          body: hookBody,
        }),
        { params: Promise.resolve({ id: "pa-339-7-order-sign" }) },
      );
      if (res.status !== 200) throw new Error(`the hook answered ${res.status}`);
      await res.arrayBuffer();
    },
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
  const db = handle.kind === "pglite" ? "in-memory PGlite" : "PostgreSQL";
  return [
    `SMART token endpoint (${db}): p50 ${percentile(tokenTimes, 50).toFixed(1)} ms, p95 ${percentile(tokenTimes, 95).toFixed(1)} ms (60 sequential, ES384 assertions)`,
    `CDS Hooks order-sign with a signed JWT (${db}): p50 ${percentile(hookTimes, 50).toFixed(1)} ms, p95 ${percentile(hookTimes, 95).toFixed(1)} ms (60 sequential)`,
    `FHIR Claim/$submit (route handler, ${handle.kind === "pglite" ? "in-memory PGlite" : "PostgreSQL"}), Bundle of ${(size / 1048576).toFixed(2)} MB with a 1 MB PDF:`,
    `  p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (60 sequential, each a new case with its attachment)`,
  ];
}

/** `n` sequential calls of `call` with a fresh input from `make` (not timed): the sorted durations in ms. */
async function timed<T>(n: number, make: () => Promise<T>, call: (input: T) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n + 5; i++) {
    const input = await make();
    const t = performance.now();
    await call(input);
    if (i >= 5) times.push(performance.now() - t); // the first five warm up
  }
  return times.sort((a, b) => a - b);
}

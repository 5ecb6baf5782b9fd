// SMART Backend Services and signed CDS Hooks, tried as an EHR would: a test EHR with its own key
// pair is registered, gets a token and submits/inquires over PAS; every wrong assertion, scope
// and hook JWT is refused (401/403) and audited. Through the real route handlers and database.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, desc, eq } from "drizzle-orm";
import type { Bundle, ClaimResponse, OperationOutcome } from "@medplum/fhirtypes";
import type { DatabaseHandle } from "@/db/client";
import { auditEvents, cases, ehrClients } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { cnmpTrialRequest, ctxFor, givenPlanOrg, givenProviderOrg, givenUser, type GivenUser } from "@/test/given";
import { hookRequest, pasInquiryBundle, pasRequestBundle } from "@/test/fhir-bundles";
import { givenTestEhr, testKey, type TestEhr } from "@/test/test-ehr";
import { createApiKey } from "@/lib/server/api-keys/create-api-key";
import { registerEhrClient, revokeEhrClient, setAllowApiKeysOnFhir } from "@/lib/server/smart/ehr-clients";
import { forgetEhrClients } from "@/lib/server/smart/client-cache";
import { expectPasResponseBundle } from "@/lib/fhir/testing/validate";
import * as tokenRoute from "./token/route";
import * as configurationRoute from "@/app/fhir/.well-known/smart-configuration/route";
import * as submitRoute from "@/app/fhir/Claim/$submit/route";
import * as inquireRoute from "@/app/fhir/Claim/$inquire/route";
import * as packageRoute from "@/app/fhir/Questionnaire/$questionnaire-package/route";
import * as hookRoute from "@/app/cds-services/[id]/route";
import * as evaluateRoute from "@/app/api/v1/evaluate/route";

const TOKEN_URL = "http://localhost/oauth/token";
const HOOK_URL = "http://localhost/cds-services/pa-339-7-order-sign";

let handle: DatabaseHandle;
let providerA: GivenUser;
let admin: GivenUser;
let orgA: string;
let orgB: string;
let ehr: TestEhr;
let ehrRsa: TestEhr;
let ehrOrgB: TestEhr;
let apiKeyA: string;
let ip = 0;

beforeAll(async () => {
  // Each call comes from its own address (x-forwarded-for), so sampled refusal audits are all recorded.
  process.env.TRUSTED_PROXY_HOPS = "1";
  handle = await createTestDatabase();
  (globalThis as unknown as { __portalDb?: Promise<DatabaseHandle> }).__portalDb = Promise.resolve(handle);
  orgA = (await givenProviderOrg(handle.db)).id;
  orgB = (await givenProviderOrg(handle.db)).id;
  providerA = await givenUser(handle.db, "provider", { organizationId: orgA });
  const providerB = await givenUser(handle.db, "provider", { organizationId: orgB });
  admin = await givenUser(handle.db, "admin", { organizationId: (await givenPlanOrg(handle.db)).id });
  ehr = await givenTestEhr(handle.db, { organizationId: orgA, actingUserId: providerA.id });
  ehrRsa = await givenTestEhr(handle.db, { organizationId: orgA, actingUserId: providerA.id, alg: "RS384" });
  ehrOrgB = await givenTestEhr(handle.db, { organizationId: orgB, actingUserId: providerB.id });
  apiKeyA = (await createApiKey(ctxFor(handle.db, providerA), { name: "Practice key" })).key;
}, 60_000);
afterAll(async () => {
  delete process.env.TRUSTED_PROXY_HOPS;
  await handle?.close();
});

const noParams = { params: Promise.resolve({}) };

/** Each call from its own address, so sampled refusal audits are all recorded. */
function from(): Record<string, string> {
  ip += 1;
  return { "x-forwarded-for": `203.0.113.${ip % 250}`, "user-agent": "test-ehr" };
}

async function requestToken(fields: Record<string, string>, contentType = "application/x-www-form-urlencoded") {
  const res = await tokenRoute.POST(
    new Request(TOKEN_URL, {
      method: "POST",
      headers: { "content-type": contentType, ...from() },
      body: new URLSearchParams(fields).toString(),
    }),
  );
  // As Inferno's Backend Services tests check: token answers are never cached.
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("pragma")).toBe("no-cache");
  return { status: res.status, body: (await res.json()) as Record<string, string | number> };
}

function tokenFields(assertion: string, scope = "system/Claim.write system/Claim.read system/Questionnaire.read") {
  return {
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: assertion,
    scope,
  };
}

async function tokenFor(client: TestEhr, scope?: string): Promise<string> {
  const { status, body } = await requestToken(tokenFields(await client.assertion(TOKEN_URL), scope));
  expect(status, JSON.stringify(body)).toBe(200);
  return body.access_token as string;
}

function fhirPost(path: string, body: unknown, bearer: string) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/fhir+json", ...from() },
    body: JSON.stringify(body),
  });
}

const caseCount = async () => (await handle.db.select({ n: count() }).from(cases))[0]!.n;

async function latestAudit(action: string) {
  const [row] = await handle.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return row;
}

describe("discovery", () => {
  it("publishes the token endpoint, private_key_jwt with RS384 and ES384, and the system scopes", async () => {
    const res = configurationRoute.GET(new Request("https://plan.example/fhir/.well-known/smart-configuration"));
    const body = await res.json();
    expect(body).toMatchObject({
      token_endpoint: "https://plan.example/oauth/token",
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
      grant_types_supported: ["client_credentials"],
    });
    expect(body.token_endpoint_auth_signing_alg_values_supported).toEqual(expect.arrayContaining(["RS384", "ES384"]));
    expect(body.scopes_supported).toEqual(
      expect.arrayContaining(["system/Claim.write", "system/Claim.read", "system/Questionnaire.read"]),
    );
  });
});

describe("a registered EHR, end to end", () => {
  it.each([
    ["ES384", () => ehr],
    ["RS384", () => ehrRsa],
  ])("gets a 5-minute token with an %s assertion, submits and inquires a request", async (_alg, client) => {
    const { status, body } = await requestToken(tokenFields(await client().assertion(TOKEN_URL)));
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 300 });
    expect(String(body.scope).split(" ").sort()).toEqual([
      "system/Claim.read",
      "system/Claim.write",
      "system/Questionnaire.read",
    ]);
    const issued = await latestAudit("smart.token.issue");
    expect(issued).toMatchObject({ outcome: "ok", organizationId: orgA, actorId: providerA.id });
    expect(issued!.details).toMatchObject({ clientId: client().clientId });

    const token = body.access_token as string;
    const submitted = await submitRoute.POST(
      fhirPost("/fhir/Claim/$submit", pasRequestBundle(cnmpTrialRequest()), token),
      noParams,
    );
    expect(submitted.status).toBe(200);
    const claimResponse = expectPasResponseBundle((await submitted.json()) as Bundle);
    const submitEvent = await latestAudit("case.submit");
    expect(submitEvent!.details).toMatchObject({ via: "api", client: { kind: "smart", id: client().clientId } });
    expect((await latestAudit("fhir.request"))!.details).toMatchObject({ path: "/fhir/Claim/$submit" });

    const inquired = await inquireRoute.POST(
      fhirPost("/fhir/Claim/$inquire", pasInquiryBundle(claimResponse.preAuthRef!), token),
      noParams,
    );
    expect(inquired.status).toBe(200);
    expect(expectPasResponseBundle((await inquired.json()) as Bundle).preAuthRef).toBe(claimResponse.preAuthRef);
  });

  it("grants what was registered of what was asked (v1 and v2 syntax), and refuses a request for nothing it holds", async () => {
    const narrowed = await requestToken(
      tokenFields(await ehr.assertion(TOKEN_URL), "system/Claim.c system/Patient.read user/Claim.read"),
    );
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe("system/Claim.c");
    const nothing = await requestToken(tokenFields(await ehr.assertion(TOKEN_URL), "system/Patient.read"));
    expect(nothing).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
  });

  it("lets a token do only what its scopes allow: 403 naming the scope, audited, nothing created", async () => {
    const readOnly = await tokenFor(ehr, "system/Questionnaire.read");
    const before = await caseCount();
    const res = await submitRoute.POST(
      fhirPost("/fhir/Claim/$submit", pasRequestBundle(cnmpTrialRequest()), readOnly),
      noParams,
    );
    expect(res.status).toBe(403);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.issue?.[0]?.diagnostics).toContain("system/Claim.write");
    expect(await caseCount()).toBe(before);
    const refusal = await latestAudit("fhir.request");
    expect(refusal).toMatchObject({ outcome: "refused" });
    expect(refusal!.details).toMatchObject({ client: { kind: "smart", id: ehr.clientId } });
    const pkg = await packageRoute.POST(
      fhirPost("/fhir/Questionnaire/$questionnaire-package", { resourceType: "Parameters" }, readOnly),
      noParams,
    );
    expect(pkg.status).toBe(200);
  });

  it("never shows another organization's request: an inquiry from org B's EHR is a 404", async () => {
    const tokenA = await tokenFor(ehr);
    const submitted = await submitRoute.POST(
      fhirPost("/fhir/Claim/$submit", pasRequestBundle(cnmpTrialRequest()), tokenA),
      noParams,
    );
    const claimResponse = ((await submitted.json()) as Bundle).entry!.find(
      (e) => e.resource?.resourceType === "ClaimResponse",
    )!.resource as ClaimResponse;
    const res = await inquireRoute.POST(
      fhirPost("/fhir/Claim/$inquire", pasInquiryBundle(claimResponse.preAuthRef!), await tokenFor(ehrOrgB)),
      noParams,
    );
    expect(res.status).toBe(404);
  });
});

describe("refused assertions: 401 invalid_client, audited, no token", () => {
  const cases_: [string, () => Promise<string>, string][] = [
    ["expired", () => ehr.assertion(TOKEN_URL, { expiresIn: -120 }), "expired"],
    ["exp more than 5 minutes ahead", () => ehr.assertion(TOKEN_URL, { expiresIn: 900 }), "five minutes"],
    ["another audience", () => ehr.assertion("https://elsewhere.example/token"), "aud"],
    ["sub is not the client", () => ehr.assertion(TOKEN_URL, { claims: { sub: "someone-else" } }), "sub"],
    [
      "unknown client",
      () => ehr.assertion(TOKEN_URL, { claims: { iss: "ehr_unknown", sub: "ehr_unknown" } }),
      "no active client",
    ],
    [
      "forged signature (another key, same kid)",
      async () => ehr.assertion(TOKEN_URL, { signWith: await testKey("ES384") }),
      "signature",
    ],
    ["a kid not registered", () => ehr.assertion(TOKEN_URL, { header: { kid: "not-registered" } }), "kid"],
    ["no jti", () => ehr.assertion(TOKEN_URL, { claims: { jti: undefined } }), "jti"],
    [
      "a jku that is not the registered address",
      () => ehr.assertion(TOKEN_URL, { header: { jku: "https://evil.example/jwks" } }),
      "jku",
    ],
  ];
  it.each(cases_)("%s", async (_name, make, reason) => {
    const { status, body } = await requestToken(tokenFields(await make()));
    expect(status).toBe(401);
    expect(body.error).toBe("invalid_client");
    expect(String(body.error_description)).toContain(reason);
    expect(body.access_token).toBeUndefined();
    const refusal = await latestAudit("smart.token.issue");
    expect(refusal).toMatchObject({ outcome: "refused" });
    expect(String((refusal!.details as { reason: string }).reason)).toContain(reason);
  });

  it("a replayed assertion (same jti) is refused the second time", async () => {
    const assertion = await ehr.assertion(TOKEN_URL);
    expect((await requestToken(tokenFields(assertion))).status).toBe(200);
    const again = await requestToken(tokenFields(assertion));
    expect(again).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(String(again.body.error_description)).toContain("replay");
  });

  it("an HS256 assertion (a shared secret) is refused: only RS384 and ES384", async () => {
    const { SignJWT } = await import("jose");
    const forged = await new SignJWT({ iss: ehr.clientId, sub: ehr.clientId, aud: TOKEN_URL, jti: "x1" })
      .setProtectedHeader({ alg: "HS256", kid: ehr.key.kid })
      .setExpirationTime("2m")
      .sign(new TextEncoder().encode("a guessed secret of thirty-two bytes!!"));
    const { status, body } = await requestToken(tokenFields(forged));
    expect(status).toBe(401);
    expect(String(body.error_description)).toContain("RS384 or ES384");
  });

  it.each([
    [{ grant_type: "password" }, 400, "unsupported_grant_type"],
    [{ client_assertion_type: "urn:other" }, 400, "invalid_client"],
    [{ client_assertion: "" }, 400, "invalid_request"],
    [{ scope: "" }, 400, "invalid_request"],
  ])("a malformed request %j is a %i %s", async (change, status, error) => {
    const fields = { ...tokenFields(await ehr.assertion(TOKEN_URL)), ...change };
    expect(await requestToken(fields)).toMatchObject({ status, body: { error } });
  });

  it("a token request that is not a form is a 400", async () => {
    const res = await requestToken({}, "application/json");
    expect(res).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });
});

describe("ending access", () => {
  it("a revoked registration's token is refused at once, and so are new assertions", async () => {
    const providerC = await givenUser(handle.db, "provider", { organizationId: orgA });
    const doomed = await givenTestEhr(handle.db, { organizationId: orgA, actingUserId: providerC.id });
    const token = await tokenFor(doomed);
    const ok = await packageRoute.POST(
      fhirPost("/fhir/Questionnaire/$questionnaire-package", { resourceType: "Parameters" }, token),
      noParams,
    );
    expect(ok.status).toBe(200);
    await revokeEhrClient(ctxFor(handle.db, admin), { ehrClientId: doomed.id });
    const refused = await packageRoute.POST(
      fhirPost("/fhir/Questionnaire/$questionnaire-package", { resourceType: "Parameters" }, token),
      noParams,
    );
    expect(refused.status).toBe(401);
    expect((await requestToken(tokenFields(await doomed.assertion(TOKEN_URL)))).status).toBe(401);
  });

  it("an altered or foreign access token is refused", async () => {
    const token = await tokenFor(ehr);
    const [h, p, s] = token.split(".");
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
    const altered = `${h}.${Buffer.from(JSON.stringify({ ...payload, scope: "system/*.*" })).toString("base64url")}.${s}`;
    const res = await submitRoute.POST(
      fhirPost("/fhir/Claim/$submit", pasRequestBundle(cnmpTrialRequest()), altered),
      noParams,
    );
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });
});

describe("API keys on /fhir: only while the plan allows them", () => {
  it("are refused by default with a message that says what to use, keep working on the JSON API, and work once allowed", async () => {
    const bundle = pasRequestBundle(cnmpTrialRequest());
    const refused = await submitRoute.POST(fhirPost("/fhir/Claim/$submit", bundle, apiKeyA), noParams);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as OperationOutcome).issue?.[0]?.diagnostics).toContain("SMART Backend Services");
    const evaluated = await evaluateRoute.POST(
      new Request("http://localhost/api/v1/evaluate", {
        method: "POST",
        headers: { authorization: `Bearer ${apiKeyA}`, "content-type": "application/json" },
        body: JSON.stringify(cnmpTrialRequest()),
      }),
      noParams,
    );
    expect(evaluated.status).toBe(200);
    await setAllowApiKeysOnFhir(ctxFor(handle.db, admin), { allowed: "on" });
    try {
      const allowed = await submitRoute.POST(fhirPost("/fhir/Claim/$submit", bundle, apiKeyA), noParams);
      expect(allowed.status).toBe(200);
    } finally {
      await setAllowApiKeysOnFhir(ctxFor(handle.db, admin), { allowed: "off" });
    }
  });

  it("only an administrator changes the setting", async () => {
    await expect(setAllowApiKeysOnFhir(ctxFor(handle.db, providerA), { allowed: "on" })).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe("registration", () => {
  const base = () => ({
    organizationId: orgA,
    actingUserId: providerA.id,
    name: "Bad EHR",
    scopes: ["system/Claim.read"],
  });
  const registered = async () => (await handle.db.select({ n: count() }).from(ehrClients))[0]!.n;

  it.each([
    [
      "a private key in the JWKS",
      async () => ({ jwks: JSON.stringify({ keys: [{ ...(await testKey()).publicJwk, d: "secret" }] }) }),
      "private key",
    ],
    ["no keys at all", async () => ({}), "one of the two"],
    [
      "both an address and a JWKS",
      async () => ({
        jwksUrl: "https://ehr.example/jwks",
        jwks: JSON.stringify({ keys: [(await testKey()).publicJwk] }),
      }),
      "one of the two",
    ],
    ["a JWKS that is not JSON", async () => ({ jwks: "{keys" }), "not JSON"],
    [
      "a key without kid",
      async () => ({ jwks: JSON.stringify({ keys: [{ ...(await testKey()).publicJwk, kid: undefined }] }) }),
      "kid",
    ],
    [
      "a scope it does not grant",
      async () => ({ jwksUrl: "https://ehr.example/jwks", scopes: ["system/*.*"] }),
      "scope",
    ],
  ])("refuses %s, naming it, and saves nothing", async (_name, change, message) => {
    const before = await registered();
    await expect(registerEhrClient(ctxFor(handle.db, admin), { ...base(), ...(await change()) })).rejects.toMatchObject(
      {
        status: 400,
        message: expect.stringContaining(message),
      },
    );
    expect(await registered()).toBe(before);
  });

  it("refuses an acting person from another organization, and anyone but an administrator", async () => {
    const other = await givenUser(handle.db, "provider", { organizationId: orgB });
    const jwks = JSON.stringify({ keys: [(await testKey()).publicJwk] });
    await expect(
      registerEhrClient(ctxFor(handle.db, admin), { ...base(), actingUserId: other.id, jwks }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(registerEhrClient(ctxFor(handle.db, providerA), { ...base(), jwks })).rejects.toMatchObject({
      status: 403,
    });
  });

  it("fetches a registered JWKS address (and only that address) to check assertions, and follows a key rotation by kid", async () => {
    process.env.JWKS_REFETCH_COOLDOWN_SECONDS = "0"; // read when the address's key set is first made
    const key = await testKey("ES384");
    let served = [key.publicJwk];
    let fetched = 0;
    const server: Server = createServer((_req, res) => {
      fetched += 1;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      const remote = await givenTestEhr(handle.db, { organizationId: orgA, actingUserId: providerA.id, key, jwksUrl });
      await tokenFor(remote);
      await tokenFor(remote);
      expect(fetched).toBe(1); // cached
      const withJku = await requestToken(tokenFields(await remote.assertion(TOKEN_URL, { header: { jku: jwksUrl } })));
      expect(withJku.status).toBe(200);
      // The EHR rotates: a new key (new kid) is published, the old one withdrawn.
      const next = await testKey("ES384");
      served = [next.publicJwk];
      const rotated = await requestToken(
        tokenFields(await remote.assertion(TOKEN_URL, { signWith: next, header: { kid: next.kid } })),
      );
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
      expect(fetched).toBe(2);
    } finally {
      delete process.env.JWKS_REFETCH_COOLDOWN_SECONDS;
      server.close();
    }
  });
});

describe("CDS Hooks calls must be signed by a registered EHR", () => {
  const hookCall = (jwt: string | null) =>
    hookRoute.POST(
      new Request(HOOK_URL, {
        method: "POST",
        headers: {
          ...(jwt ? { authorization: `Bearer ${jwt}` } : {}),
          "content-type": "application/json",
          ...from(),
        },
        body: JSON.stringify(hookRequest("order-sign", [{ id: "sr-1", codes: ["62322"] }])),
      }),
      { params: Promise.resolve({ id: "pa-339-7-order-sign" }) },
    );

  it("answers a call with a valid JWT, and records it against the EHR", async () => {
    const res = await hookCall(await ehr.hookJwt(HOOK_URL));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { cards: unknown[] }).cards.length).toBeGreaterThan(0);
    expect((await latestAudit("cds_hooks.request"))!.details).toMatchObject({
      client: { kind: "cds_hooks", id: ehr.clientId },
    });
  });

  it.each([
    ["no JWT", async () => null, "API keys do not open"],
    ["a forged signature", async () => ehr.hookJwt(HOOK_URL, { signWith: await testKey("ES384") }), "signature"],
    ["another service's audience", async () => ehr.hookJwt("http://localhost/cds-services/other"), "aud"],
    [
      "an unregistered issuer",
      async () => ehr.hookJwt(HOOK_URL, { claims: { iss: "https://rogue.example" } }),
      "not a registered EHR",
    ],
    ["an expired JWT", async () => ehr.hookJwt(HOOK_URL, { expiresIn: -120 }), "expired"],
  ])("refuses %s with 401, audited", async (_name, make, reason) => {
    const res = await hookCall(await make());
    expect(res.status).toBe(401);
    expect(((await res.json()) as OperationOutcome).issue?.[0]?.diagnostics).toContain(reason);
    const refusal = await latestAudit("api.request");
    expect(refusal).toMatchObject({ outcome: "refused" });
    expect(String((refusal!.details as { reason: string }).reason)).toContain(reason);
  });

  it("refuses a replayed JWT (same jti)", async () => {
    const jwt = await ehr.hookJwt(HOOK_URL);
    expect((await hookCall(jwt)).status).toBe(200);
    const again = await hookCall(jwt);
    expect(again.status).toBe(401);
    expect(((await again.json()) as OperationOutcome).issue?.[0]?.diagnostics).toContain("replay");
  });
});

// Keeps the per-instance client memory from hiding a change made directly in the database.
afterAll(() => forgetEhrClients());
void and;

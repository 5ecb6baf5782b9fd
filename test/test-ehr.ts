// A test EHR: its own key pair, registered by an administrator through the real service, and the
// signed JWTs an EHR sends (SMART client assertions, CDS Hooks calls), each claim overridable so
// tests can send the wrong one.
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import type { Db } from "@/db/client";
import { registerEhrClient, setAllowApiKeysOnFhir } from "@/lib/server/smart/ehr-clients";
import { GRANTABLE_SCOPES, type GrantableScope } from "@/lib/fhir/smart-scopes";
import { ctxFor, givenPlanOrg, givenUser } from "./given";

export type SigningAlg = "ES384" | "RS384";

export interface TestKey {
  alg: SigningAlg;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function testKey(alg: SigningAlg = "ES384"): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `kid-${randomUUID().slice(0, 8)}`;
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

export interface TestEhr {
  id: string;
  clientId: string;
  key: TestKey;
  cdsHooksIssuer: string;
  /** A client assertion for the token endpoint at `tokenUrl`; `claims`/`header` override the defaults. */
  assertion(tokenUrl: string, change?: JwtChange): Promise<string>;
  /** A CDS Hooks JWT for the service at `serviceUrl`. */
  hookJwt(serviceUrl: string, change?: JwtChange): Promise<string>;
}

export interface JwtChange {
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  /** Signs with this key instead (a forged signature: same kid, another key). */
  signWith?: TestKey;
  /** Seconds from now for exp (default 240). */
  expiresIn?: number;
}

export async function signTestJwt(key: TestKey, claims: Record<string, unknown>, change: JwtChange = {}) {
  const now = Math.floor(Date.now() / 1000);
  const signer = change.signWith ?? key;
  return new SignJWT({ jti: randomUUID(), exp: now + (change.expiresIn ?? 240), iat: now, ...claims, ...change.claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT", ...change.header })
    .sign(signer.privateKey);
}

/**
 * Registers a test EHR for `organizationId` (acting as `actingUserId`), with an inline JWKS
 * unless `jwksUrl` is given.
 */
export async function givenTestEhr(
  db: Db,
  options: {
    organizationId: string;
    actingUserId: string;
    alg?: SigningAlg;
    scopes?: readonly GrantableScope[];
    jwksUrl?: string;
    key?: TestKey;
  },
): Promise<TestEhr> {
  const key = options.key ?? (await testKey(options.alg));
  const admin = await givenUser(db, "admin", { organizationId: (await givenPlanOrg(db)).id });
  const cdsHooksIssuer = `https://ehr-${randomUUID().slice(0, 8)}.test`;
  const { id, clientId } = await registerEhrClient(ctxFor(db, admin), {
    organizationId: options.organizationId,
    actingUserId: options.actingUserId,
    name: "Test EHR",
    ...(options.jwksUrl ? { jwksUrl: options.jwksUrl } : { jwks: JSON.stringify({ keys: [key.publicJwk] }) }),
    cdsHooksIssuer,
    scopes: [...(options.scopes ?? GRANTABLE_SCOPES)],
  });
  return {
    id,
    clientId,
    key,
    cdsHooksIssuer,
    assertion: (tokenUrl, change) => signTestJwt(key, { iss: clientId, sub: clientId, aud: tokenUrl }, change),
    hookJwt: (serviceUrl, change) => signTestJwt(key, { iss: cdsHooksIssuer, sub: clientId, aud: serviceUrl }, change),
  };
}

/** The plan's migration setting on: practices' API keys open /fhir and /cds-services (tests of FHIR behaviour, not of authentication). */
export async function givenApiKeysAllowedOnFhir(db: Db): Promise<void> {
  const admin = await givenUser(db, "admin", { organizationId: (await givenPlanOrg(db)).id });
  await setAllowApiKeysOnFhir(ctxFor(db, admin), { allowed: "on" });
}

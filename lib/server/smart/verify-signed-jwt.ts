import "server-only";
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from "jose";
import type { Db } from "@/db/client";
import type { EhrClient } from "./client-cache";
import { keysOf } from "./jwks";
import { acceptJwtIdOnce } from "./used-jwt-ids";

/** The algorithms SMART Backend Services and CDS Hooks require servers to accept. */
export const EHR_SIGNING_ALGORITHMS = ["RS384", "ES384"] as const;
/** A signed assertion may live at most this long (SMART: exp no more than five minutes ahead). */
const MAX_LIFETIME_SECONDS = 300;
const CLOCK_TOLERANCE_SECONDS = 30;

export type SignedJwtCheck = { ok: true; payload: JWTPayload } | { ok: false; reason: string };

/**
 * Checks a JWT an EHR signed (a SMART client assertion or a CDS Hooks call): RS384/ES384 with a
 * `kid` among its registered keys (a `jku` header must be its registered JWKS address; no other
 * address is ever fetched), the expected issuer and audience, an `exp` no more than five minutes
 * ahead, and a `jti` never seen before from this issuer (kept in the database). Each refusal
 * says which check failed, in words an integrator can act on.
 */
export async function verifyEhrJwt(
  db: Db,
  token: string,
  client: EhrClient,
  expect: { issuer: string; subject?: string; audience: string; replayScope: string },
  now = new Date(),
): Promise<SignedJwtCheck> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return { ok: false, reason: "the JWT cannot be read" };
  }
  if (!EHR_SIGNING_ALGORITHMS.includes(header.alg as (typeof EHR_SIGNING_ALGORITHMS)[number]))
    return { ok: false, reason: `the JWT must be signed with RS384 or ES384 (alg was ${JSON.stringify(header.alg)})` };
  if (typeof header.kid !== "string" || !header.kid) return { ok: false, reason: "the JWT header needs a kid" };
  if (header.jku !== undefined && header.jku !== client.jwksUrl)
    return { ok: false, reason: "the JWT's jku is not the JWKS address registered for this client" };
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keysOf(client), {
      algorithms: [...EHR_SIGNING_ALGORITHMS],
      issuer: expect.issuer,
      ...(expect.subject ? { subject: expect.subject } : {}),
      audience: expect.audience,
      requiredClaims: ["exp", "jti"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    }));
  } catch (err) {
    return { ok: false, reason: describe(err) };
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (payload.exp! > nowSeconds + MAX_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS)
    return { ok: false, reason: "the JWT's exp is more than five minutes ahead" };
  if (typeof payload.jti !== "string" || !payload.jti || payload.jti.length > 200)
    return { ok: false, reason: "the JWT needs a jti (a unique id, at most 200 characters)" };
  const fresh = await acceptJwtIdOnce(db, expect.replayScope, payload.jti, new Date(payload.exp! * 1000));
  if (!fresh) return { ok: false, reason: "this JWT's jti was already used (replay)" };
  return { ok: true, payload };
}

function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return "the JWT has expired (exp is in the past)";
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === "aud") return "the JWT's aud is not this endpoint's address";
    if (err.claim === "iss") return "the JWT's iss is not the registered client";
    if (err.claim === "sub") return "the JWT's sub must be the client id";
    return `the JWT's ${err.claim} claim is not valid`;
  }
  if (err instanceof errors.JWKSNoMatchingKey) return "no registered key has the JWT's kid";
  if (err instanceof errors.JWSSignatureVerificationFailed) return "the JWT's signature does not verify";
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid)
    return "the client's JWKS could not be fetched or read";
  if (err instanceof errors.JOSEError) return "the JWT could not be verified";
  if (err instanceof Error && /JWKS address refused|fetch|ECONN|request failed/i.test(err.message))
    return "the client's JWKS could not be fetched";
  return "the JWT could not be verified";
}

import "server-only";
import { hkdfSync, randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { resolveAuthSecret } from "@/lib/auth/secret";

/**
 * Access tokens the token endpoint issues: short-lived JWTs (HS256 under a key derived from
 * AUTH_SECRET for this use only), so any instance can check one without a lookup. What can end a
 * token early (the registration revoked, its organization or acting person deactivated) is
 * checked on every use against the registration (client-cache.ts), never only in memory.
 */
export const ACCESS_TOKEN_SECONDS = 300;
const ISSUER = "pa-portal";
const AUDIENCE = "pa-portal/fhir";

const key = () => new Uint8Array(hkdfSync("sha256", resolveAuthSecret(), "pa-portal smart", "access token", 32));

export interface AccessTokenClaims {
  clientId: string;
  scopes: string[];
}

export async function signAccessToken(claims: AccessTokenClaims, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ scope: claims.scopes.join(" ") })
    .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.clientId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
    .setJti(randomUUID())
    .sign(key());
}

/** The token's client and scopes, or why it is refused (expired, altered, not ours). */
export async function readAccessToken(
  token: string,
): Promise<{ ok: true; claims: AccessTokenClaims } | { ok: false; reason: string }> {
  try {
    const { payload } = await jwtVerify(token, key(), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      typ: "at+jwt",
      requiredClaims: ["sub", "exp", "scope"],
    });
    if (typeof payload.scope !== "string" || typeof payload.sub !== "string")
      return { ok: false, reason: "the access token is not valid" };
    return { ok: true, claims: { clientId: payload.sub, scopes: payload.scope.split(" ").filter(Boolean) } };
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, reason: "the access token has expired; get a new one" };
    return { ok: false, reason: "the access token is not valid" };
  }
}

/** Whether a bearer credential is shaped like a JWT (else it may be an API key). */
export function looksLikeJwt(credential: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential);
}

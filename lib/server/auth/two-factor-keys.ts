import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { secretBox } from "../secret-box";

/**
 * Keys for two-factor data (the TOTP seed in the shared secret box; the HMACs here), each derived
 * with HKDF-SHA-256 and its own label from TWO_FACTOR_KEY (or, when unset, AUTH_SECRET), so a database dump alone reveals no TOTP secret and cannot test
 * recovery codes offline. Changing that key makes every enrolment unreadable (README: set
 * TWO_FACTOR_KEY in production so AUTH_SECRET can be rotated on its own).
 */
function derivedKey(label: string): Buffer {
  return Buffer.from(
    hkdfSync("sha256", process.env.TWO_FACTOR_KEY || resolveAuthSecret(), "pa-portal-two-factor", label, 32),
  );
}

const totpSecrets = secretBox(() => process.env.TWO_FACTOR_KEY || resolveAuthSecret(), "two-factor totp-secret");

/** A TOTP secret sealed for its user (`context`: the user id). */
export function sealTotpSecret(plain: string, context: string): string {
  return totpSecrets.seal(plain, context);
}

/** The sealed secret, or null when it was sealed for another user, altered, or under another key. */
export function openTotpSecret(sealed: string, context: string): string | null {
  return totpSecrets.open(sealed, context);
}

/** HMAC-SHA-256 under a derived key (hex): recovery codes are stored only this way. */
export function keyedHash(label: string, value: string): string {
  return createHmac("sha256", derivedKey(label)).update(value).digest("hex");
}

/** A short signed statement `<payload>.<mac>` (base64url JSON), for the sign-in's pending second step. */
export function signStatement(label: string, payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${createHmac("sha256", derivedKey(label)).update(body).digest("base64url")}`;
}

export function readStatement(label: string, token: string): Record<string, unknown> | null {
  const [body, mac] = token.split(".");
  if (!body || !mac) return null;
  const expected = createHmac("sha256", derivedKey(label)).update(body).digest();
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { resolveAuthSecret } from "@/lib/auth/secret";

/**
 * Keys for two-factor data, each derived with HKDF-SHA-256 and its own label from TWO_FACTOR_KEY
 * (or, when unset, AUTH_SECRET), so a database dump alone reveals no TOTP secret and cannot test
 * recovery codes offline. Changing that key makes every enrolment unreadable (README: set
 * TWO_FACTOR_KEY in production so AUTH_SECRET can be rotated on its own).
 */
function derivedKey(label: string): Buffer {
  return Buffer.from(hkdfSync("sha256", process.env.TWO_FACTOR_KEY || resolveAuthSecret(), "pa-portal-two-factor", label, 32));
}

const VERSION = "v1";

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` (base64url), bound to `context` (the user id) as associated data. */
export function sealSecret(plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derivedKey("totp-secret"), iv);
  cipher.setAAD(Buffer.from(context));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

/** The sealed secret, or null when it was sealed for another user, altered, or under another AUTH_SECRET. */
export function openSecret(sealed: string, context: string): string | null {
  const [version, iv, tag, ct] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || !ct) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", derivedKey("totp-secret"), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
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

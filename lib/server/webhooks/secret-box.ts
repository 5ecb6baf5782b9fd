import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { resolveAuthSecret } from "@/lib/auth/secret";

/**
 * Webhook signing secrets at rest. Signing needs the secret itself (HMAC), so it cannot be
 * hashed like an API key: it is encrypted with AES-256-GCM under a key derived from AUTH_SECRET
 * with HKDF-SHA256 (salt and info name this use, so the key serves nothing else). Rotating
 * AUTH_SECRET makes the stored secrets unreadable: endpoints then need new secrets.
 * Stored as "v1:" + base64(iv[12] | tag[16] | ciphertext).
 */
function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", resolveAuthSecret(), "pa-portal webhook secrets", "v1 aes-256-gcm", 32));
}

export function sealSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

export function openSecret(sealed: string): string {
  if (!sealed.startsWith("v1:")) throw new Error("unknown secret format");
  const raw = Buffer.from(sealed.slice(3), "base64");
  const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

/** A new Standard Webhooks secret: "whsec_" and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

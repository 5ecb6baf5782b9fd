import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Secrets the server must read back (a TOTP seed, a webhook signing secret) are kept encrypted:
 * AES-256-GCM under a key derived with HKDF-SHA-256 from `keyMaterial` for one `purpose` (so a
 * key serves one use only), bound to `context` (e.g. the owner's id) as associated data, so a
 * sealed value copied onto another row does not open. A database dump alone reveals none of them.
 * Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
export interface SecretBox {
  seal(plain: string, context?: string): string;
  /** The plain text, or null when it was sealed for another context, altered, or under other key material. */
  open(sealed: string, context?: string): string | null;
}

const VERSION = "v1";

export function secretBox(keyMaterial: () => string, purpose: string): SecretBox {
  const key = () => Buffer.from(hkdfSync("sha256", keyMaterial(), "pa-portal secret box", purpose, 32));
  return {
    seal(plain, context = "") {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key(), iv);
      cipher.setAAD(Buffer.from(context));
      const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return [
        VERSION,
        iv.toString("base64url"),
        cipher.getAuthTag().toString("base64url"),
        ct.toString("base64url"),
      ].join(".");
    },
    open(sealed, context = "") {
      const [version, iv, tag, ct] = sealed.split(".");
      if (version !== VERSION || !iv || !tag || !ct) return null;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        return null;
      }
    },
  };
}

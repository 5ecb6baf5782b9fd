import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { demoModeEnabled } from "@/lib/auth/secret";

/** What checks a checkpoint: the public key alone. */
export interface AuditVerifyKey {
  publicKey: KeyObject;
  /** SHA-256 of the public key (DER), hex: names the key in each checkpoint. */
  keyId: string;
}

export interface AuditSigningKey extends AuditVerifyKey {
  privateKey: KeyObject;
}

const keyIdOf = (publicKey: KeyObject) =>
  createHash("sha256")
    .update(publicKey.export({ format: "der", type: "spki" }))
    .digest("hex");

const dataDir = () => path.resolve(/*turbopackIgnore: true*/ process.env.PORTAL_DATA_DIR ?? ".data");

/** Where signed checkpoints are written outside the database. */
export const anchorDir = () =>
  path.resolve(/*turbopackIgnore: true*/ process.env.AUDIT_ANCHOR_DIR ?? path.join(dataDir(), "audit-anchors"));

function parseKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith("-----BEGIN")) return createPrivateKey(trimmed);
  return createPrivateKey({ key: Buffer.from(trimmed, "base64"), format: "der", type: "pkcs8" });
}

/**
 * AUDIT_SIGNING_KEY (an Ed25519 private key, PKCS#8 PEM or base64 DER), or in development and
 * demo mode a key generated into the data folder. The database never holds it, so someone who
 * can rewrite the database cannot sign a checkpoint for a shortened chain.
 */
export function resolveAuditSigningKey(): AuditSigningKey {
  let privateKey: KeyObject;
  const fromEnv = process.env.AUDIT_SIGNING_KEY;
  if (fromEnv) {
    privateKey = parseKey(fromEnv);
  } else {
    if (!demoModeEnabled())
      throw new Error(
        "AUDIT_SIGNING_KEY is not set. Generate one with `openssl genpkey -algorithm ed25519` and set the PEM text before writing audit checkpoints.",
      );
    const file = path.join(dataDir(), "audit-signing-key.pem");
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      const { privateKey: generated } = generateKeyPairSync("ed25519");
      writeFileSync(file, generated.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
    }
    privateKey = parseKey(readFileSync(file, "utf8"));
  }
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("AUDIT_SIGNING_KEY must be an Ed25519 private key.");
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * The key verification checks checkpoints with: AUDIT_VERIFY_PUBLIC_KEY (the Ed25519 public key,
 * SPKI PEM or base64 DER; `npm run audit:checkpoint -- --public-key` prints it), so an auditor's
 * machine verifies without holding the signing key; otherwise the public half of the signing key.
 */
export function resolveAuditVerifyKey(): AuditVerifyKey {
  const fromEnv = process.env.AUDIT_VERIFY_PUBLIC_KEY?.trim();
  if (!fromEnv) {
    const { publicKey, keyId } = resolveAuditSigningKey();
    return { publicKey, keyId };
  }
  const publicKey = fromEnv.startsWith("-----BEGIN")
    ? createPublicKey(fromEnv)
    : createPublicKey({ key: Buffer.from(fromEnv, "base64"), format: "der", type: "spki" });
  if (publicKey.asymmetricKeyType !== "ed25519")
    throw new Error("AUDIT_VERIFY_PUBLIC_KEY must be an Ed25519 public key.");
  return { publicKey, keyId: keyIdOf(publicKey) };
}

/** The public key as SPKI PEM, for AUDIT_VERIFY_PUBLIC_KEY on a verifying machine. */
export function publicKeyPem(key: AuditVerifyKey): string {
  return key.publicKey.export({ format: "pem", type: "spki" }).toString();
}

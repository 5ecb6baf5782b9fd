import "server-only";
import { randomBytes } from "node:crypto";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { secretBox } from "../secret-box";

/**
 * Webhook signing secrets at rest. Signing needs the secret itself (HMAC), so it cannot be
 * hashed like an API key: it is sealed in the secret box under a key derived from AUTH_SECRET for
 * this use only. Rotating AUTH_SECRET makes the stored secrets unreadable: endpoints then need new
 * secrets.
 */
const webhookSecrets = secretBox(resolveAuthSecret, "webhook signing secret");

/** The secret sealed for storage. */
export function sealWebhookSecret(secret: string): string {
  return webhookSecrets.seal(secret);
}

/** The stored secret; throws when it cannot be read (altered, or AUTH_SECRET changed). */
export function openWebhookSecret(sealed: string): string {
  const secret = webhookSecrets.open(sealed);
  if (secret === null) throw new Error("the webhook secret cannot be read (altered, or AUTH_SECRET changed)");
  return secret;
}

/** A new Standard Webhooks secret: "whsec_" and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

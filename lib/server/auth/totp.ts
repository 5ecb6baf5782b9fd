import "server-only";
import { randomInt } from "node:crypto";
import { verify } from "otplib";
import { keyedHash } from "./two-factor-keys";

// The time-based one-time password (RFC 6238) and recovery-code primitives of two-factor sign-in.

/** RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
/** A code of the previous or the next step is accepted too (clock drift of up to 30 s either way). */
const TOTP_TOLERANCE_SECONDS = 30;
const RECOVERY_CODE_COUNT = 10;
export const ISSUER = "PA portal 339.7";

/**
 * Checks a 6-digit code against a base32 secret: the step it belongs to, or null. `afterStep`
 * (the last accepted step) refuses that step and every earlier one, so a code works once.
 */
export async function matchTotp(
  secret: string,
  code: string,
  afterStep: number | null,
  epochSeconds = Math.floor(Date.now() / 1000),
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: epochSeconds,
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

// Recovery codes: 10 characters from an alphabet without look-alikes (about 49 bits each), shown as xxxxx-xxxxx.
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

export function newRecoveryCodes(n = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: n }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The stored form of a recovery code: a keyed hash of its normalised text (case, dashes and spaces do not matter). */
export function hashRecoveryCode(code: string): string {
  return keyedHash("recovery-code", code.replace(/[\s-]/g, "").toLowerCase());
}

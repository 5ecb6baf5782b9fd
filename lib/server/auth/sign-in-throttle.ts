import "server-only";
import { createLimiter, processLimiter, type LimiterStore } from "@/lib/server/rate-limit";

/**
 * Password guessing: an address (which many people behind one office gateway may share) gets 300
 * attempts per 5 minutes, an account 10 per 10 minutes; counters shared by every instance.
 * The address is checked first, so attempts refused for the address never reach (or use up) an
 * account's counter, and counters are kept per key until their window ends: no number of other
 * keys can push an account's counter out.
 */
export function signInLimiters(store?: LimiterStore) {
  const make = (name: string, points: number, durationSeconds: number) => () =>
    createLimiter({ name, points, durationSeconds, store });
  return store
    ? { perAddress: make("signin-address", 300, 300)(), perAccount: make("signin-account", 10, 600)() }
    : {
        perAddress: processLimiter("signin-address", make("signin-address", 300, 300)),
        perAccount: processLimiter("signin-account", make("signin-account", 10, 600)),
      };
}

/**
 * A completed sign-in (password and, when enrolled, the second factor) clears the account's count,
 * so someone who signs in often is never throttled by their own successes. A proven password
 * alone does not: with two-factor on, the code step's guesses must keep adding up.
 */
export async function signInSucceeded(email: string, limiters = signInLimiters()): Promise<void> {
  await limiters.perAccount.clear(email.trim().toLowerCase());
}

/** True when this attempt may check a password. */
export async function signInAllowed(
  email: string,
  address: string | null,
  limiters = signInLimiters(),
): Promise<boolean> {
  if (!(await limiters.perAddress.take(address ?? "unknown"))) return false;
  return limiters.perAccount.take(email.trim().toLowerCase());
}

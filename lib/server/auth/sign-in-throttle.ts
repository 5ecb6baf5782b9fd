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
  const make = (name: string, points: number, durationSeconds: number) => () => createLimiter({ name, points, durationSeconds, store });
  return store
    ? { perAddress: make("signin-address", 300, 300)(), perAccount: make("signin-account", 10, 600)() }
    : { perAddress: processLimiter("signin-address", make("signin-address", 300, 300)), perAccount: processLimiter("signin-account", make("signin-account", 10, 600)) };
}

/** True when this attempt may check a password. */
export async function signInAllowed(email: string, address: string | null, limiters = signInLimiters()): Promise<boolean> {
  if (!(await limiters.perAddress.take(address ?? "unknown"))) return false;
  return limiters.perAccount.take(email.trim().toLowerCase());
}

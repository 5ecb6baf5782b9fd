import "server-only";
import { createHash } from "node:crypto";
import {
  RateLimiterDrizzle,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { getDb, type Db } from "@/db/client";
import { rateLimits } from "@/db/schema";

/** A connected node-redis client (rate-limiter-flexible drives it with `useRedisPackage`). */
type RedisClient = object;

/**
 * Where the counters live. Every instance behind a load balancer must see the same counters, so:
 * Redis when REDIS_URL is set, PostgreSQL (the `rate_limits` table) when DATABASE_URL is set, and
 * this process's memory only on embedded PGlite (which one process owns anyway).
 */
export type LimiterStore = { kind: "memory" } | { kind: "database"; db: Db } | { kind: "redis"; client: RedisClient };

/** A fixed window of `points` per `durationSeconds` per key (rate-limiter-flexible). */
export interface Limiter {
  /** Counts one event for `key`; false when the key has used up its window (answer 429 / throttle). */
  take(key: string): Promise<boolean>;
  /** Forgets what `key` used in its window. */
  clear(key: string): Promise<void>;
}

const globalStore = globalThis as unknown as { __limiterStore?: Promise<LimiterStore> };

async function connectRedis(url: string): Promise<RedisClient> {
  const { createClient } = await import("redis");
  const client = createClient({ url, disableOfflineQueue: true });
  client.on("error", () => {}); // reconnects on its own; a failed call falls back to the insurance limiter
  await client.connect();
  return client;
}

/** The store this process's configuration selects (one per process). */
function defaultLimiterStore(): Promise<LimiterStore> {
  globalStore.__limiterStore ??= (async (): Promise<LimiterStore> => {
    if (process.env.REDIS_URL) return { kind: "redis", client: await connectRedis(process.env.REDIS_URL) };
    if (process.env.DATABASE_URL) return { kind: "database", db: await getDb() };
    return { kind: "memory" };
  })();
  return globalStore.__limiterStore;
}

function build(
  store: LimiterStore,
  options: { keyPrefix: string; points: number; duration: number },
): RateLimiterAbstract {
  if (store.kind === "memory") return new RateLimiterMemory(options);
  // A store outage must not open the gates: each instance keeps limiting on its own meanwhile.
  const insuranceLimiter = new RateLimiterMemory(options);
  if (store.kind === "redis")
    return new RateLimiterRedis({ ...options, storeClient: store.client, useRedisPackage: true, insuranceLimiter });
  return new RateLimiterDrizzle({ ...options, storeClient: store.db, schema: rateLimits, insuranceLimiter });
}

/** Keys are hashed: a counter row never holds an email or a raw address. */
const hashKey = (key: string) => createHash("sha256").update(key).digest("base64url");

/** How far ahead a reserving limiter takes points: what the key's recent rate spends in this long. */
const RESERVE_AHEAD_MS = 100;

/**
 * A limiter. Concurrent takes of one key share one round trip to the store (group commit): while
 * a key's count is being written, further takes of it queue and go together as one increment of
 * that many points; the first `points - (count before the batch)` of them are allowed. The count
 * is the same as one increment each (a fixed window has no order within it), and concurrent calls
 * with one key do not queue one by one on the counter row's lock.
 *
 * `reserveShare` (0 to 1, default 0: every take reaches the store) lets a busy key skip most round
 * trips: with each trip this instance also reserves, from the shared count, the points the key's
 * recent rate will spend in the next 100 ms (at most `reserveShare × points`, and only while the
 * window has them), and spends them locally until they run out or the window ends. The store
 * counts reserved points as used, so a key is never allowed more than `points` per window across
 * all instances; the tolerance is the other way: points another instance holds unspent are lost
 * to this one for the rest of the window, so with n instances a key may be refused up to
 * (n - 1) × reserveShare × points early. Leave it 0 where every attempt must be counted as it
 * happens (sign-in throttles).
 */
export function createLimiter({
  name,
  points,
  durationSeconds,
  store,
  reserveShare = 0,
}: {
  name: string;
  points: number;
  durationSeconds: number;
  store?: LimiterStore;
  reserveShare?: number;
}): Limiter {
  let limiter: Promise<RateLimiterAbstract> | undefined;
  const options = { keyPrefix: name, points, duration: durationSeconds };
  const queues = new Map<string, { resolve: (ok: boolean) => void; reject: (err: unknown) => void }[]>();
  const built = () =>
    (limiter ??= (store ? Promise.resolve(store) : defaultLimiterStore()).then((s) => build(s, options)));
  const maxReserve = Math.floor(points * Math.min(1, Math.max(0, reserveShare)));
  /** Per key: points reserved and not yet spent, until when, and the takes seen since the last trip. */
  const held = new Map<string, { left: number; until: number; seen: number; since: number }>();

  async function flush(key: string): Promise<void> {
    const waiting = queues.get(key)!;
    const batch = waiting.splice(0);
    const now = Date.now();
    const h = held.get(key);
    const extra =
      h && maxReserve > 0
        ? Math.min(maxReserve, Math.round((h.seen / Math.max(now - h.since, 10)) * RESERVE_AHEAD_MS))
        : 0;
    const want = batch.length + extra;
    try {
      let res: RateLimiterRes;
      try {
        res = await (await built()).consume(key, want);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        res = err;
      }
      const granted = Math.max(0, Math.min(want, points - (res.consumedPoints - want)));
      batch.forEach((w, i) => w.resolve(i < granted));
      if (maxReserve > 0) {
        if (held.size >= 10_000 && !h) held.clear();
        const left = Math.max(0, granted - batch.length);
        held.set(key, { left, until: now + res.msBeforeNext, seen: 0, since: now });
        // Takes that queued meanwhile spend the new reserve first.
        const reserve = held.get(key)!;
        while (waiting.length && reserve.left > 0) {
          reserve.left--;
          waiting.shift()!.resolve(true);
        }
      }
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
    if (waiting.length) return flush(key);
    queues.delete(key);
  }

  return {
    async clear(key) {
      held.delete(hashKey(key));
      await (await built()).delete(hashKey(key));
    },
    take(key) {
      const hashed = hashKey(key);
      if (maxReserve > 0) {
        const h = held.get(hashed);
        if (h) {
          h.seen++;
          if (h.left > 0 && h.until > Date.now()) {
            h.left--;
            return Promise.resolve(true);
          }
        } else held.set(hashed, { left: 0, until: 0, seen: 0, since: Date.now() }); // a first take reserves nothing
      }
      return new Promise<boolean>((resolve, reject) => {
        const waiting = queues.get(hashed);
        if (waiting) return void waiting.push({ resolve, reject });
        queues.set(hashed, [{ resolve, reject }]);
        void flush(hashed);
      });
    },
  };
}

/** Limiters are created once per process (module state survives hot reloads in development). */
export function processLimiter(name: string, make: () => Limiter): Limiter {
  const registry = ((globalThis as unknown as { __limiters?: Map<string, Limiter> }).__limiters ??= new Map());
  let limiter = registry.get(name);
  if (!limiter) registry.set(name, (limiter = make()));
  return limiter;
}

/**
 * The JSON API's limit per key and per address: API_RATE_LIMIT_BURST requests per window of
 * BURST / PER_SECOND seconds (default 120 per 6 s, 20 a second on average), shared by every instance:
 * never more than that in total; with n instances a key may be refused up to (n - 1) × 12 calls early.
 */
export function apiRateLimiter(): Limiter {
  const burst = Number(process.env.API_RATE_LIMIT_BURST ?? 120);
  const perSecond = Number(process.env.API_RATE_LIMIT_PER_SECOND ?? 20);
  // Each instance may hold up to a tenth of a key's window in reserve (see createLimiter).
  return processLimiter("api", () =>
    createLimiter({
      name: "api",
      points: burst,
      durationSeconds: Math.max(1, Math.round(burst / perSecond)),
      reserveShare: 0.1,
    }),
  );
}

/**
 * Refusals nobody signed in for (a bad API key, a route handler without a session, a throttled
 * sign-in) are recorded once per kind and address every ten seconds (`windowSeconds`): enough to
 * see a flood, without letting it grow the audit chain and hold its lock. Requests a page repeats
 * on its own (the bell's poll) use a longer window: one open tab polls for as long as it stays open.
 */
export function shouldRecordRefusal(
  kind: string,
  address: string | null | undefined,
  windowSeconds = 10,
): Promise<boolean> {
  const name = windowSeconds === 10 ? "refusal-sample" : `refusal-sample-${windowSeconds}`;
  return processLimiter(name, () => createLimiter({ name, points: 1, durationSeconds: windowSeconds })).take(
    `${kind}:${address ?? "unknown"}`,
  );
}

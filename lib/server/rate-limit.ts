import "server-only";

/**
 * A token bucket per key (an API key id, or an IP before authentication), kept in this process's
 * memory: PER INSTANCE. Behind a load balancer each instance limits on its own, so the effective
 * limit is the per-instance rate times the number of instances; a shared limit would need a
 * shared store (PostgreSQL or Redis). Simple on purpose.
 */
export interface RateLimiter {
  /** Takes one token; false when the bucket is empty (answer 429). */
  take(key: string, now?: number): boolean;
}

export function createRateLimiter({ capacity, refillPerSecond, maxKeys = 10_000 }: { capacity: number; refillPerSecond: number; maxKeys?: number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, now = Date.now()) {
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!); // forget the oldest
        bucket = { tokens: capacity, at: now };
        buckets.set(key, bucket);
      }
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
      bucket.at = now;
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}

const globalLimits = globalThis as unknown as { __apiRateLimiter?: RateLimiter };

/** The JSON API's limiter: bursts of 120, then 20 requests a second per key (per instance). */
export function apiRateLimiter(): RateLimiter {
  globalLimits.__apiRateLimiter ??= createRateLimiter({
    capacity: Number(process.env.API_RATE_LIMIT_BURST ?? 120),
    refillPerSecond: Number(process.env.API_RATE_LIMIT_PER_SECOND ?? 20),
  });
  return globalLimits.__apiRateLimiter;
}

/**
 * Runs independent statements of one transaction at once: postgres.js pipelines them on the
 * transaction's connection (one round trip instead of one each; PGlite runs them in turn).
 * Resolves after every one settled, then throws the first failure: a statement still in flight
 * when its caller moves on could otherwise run after a savepoint's rollback.
 */
export async function together<T extends readonly unknown[]>(
  ...promises: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const results = await Promise.allSettled(promises);
  for (const r of results) if (r.status === "rejected") throw r.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

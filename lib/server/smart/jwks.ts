import "server-only";
import http from "node:http";
import https from "node:https";
import { createLocalJWKSet, createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from "jose";
import { pinnedLookup } from "../webhooks/pinned-post";
import { checkWebhookUrl } from "../webhooks/url-guard";

/** A JWKS is small: a few public keys. Anything larger is refused before it is parsed. */
const MAX_JWKS_BYTES = 64 * 1024;

/**
 * The keys an EHR signs with: its registered inline JWKS, or its JWKS address. A remote set is
 * fetched through the webhook SSRF guard (https; in production only public addresses, connected
 * to exactly the addresses checked), kept for 10 minutes, and fetched again at most every 30 s
 * (JWKS_REFETCH_COOLDOWN_SECONDS) when an assertion names a `kid` it does not hold (key
 * rotation), so a flood of unknown kids cannot make the server hammer the EHR.
 */
export function keysOf(client: { jwksUrl: string | null; jwks: { keys: Record<string, unknown>[] } | null }) {
  if (client.jwks) return createLocalJWKSet(client.jwks as Parameters<typeof createLocalJWKSet>[0]);
  if (client.jwksUrl) return remoteKeys(client.jwksUrl);
  throw new Error("EHR registration without keys");
}

const remoteSets = ((globalThis as unknown as { __ehrJwks?: Map<string, JWTVerifyGetKey> }).__ehrJwks ??= new Map());

function remoteKeys(url: string): JWTVerifyGetKey {
  let set = remoteSets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), {
      cacheMaxAge: 10 * 60_000,
      cooldownDuration: 1000 * Number(process.env.JWKS_REFETCH_COOLDOWN_SECONDS ?? 30),
      timeoutDuration: 5_000,
      [customFetch]: guardedGet,
    });
    if (remoteSets.size > 1000) remoteSets.clear();
    remoteSets.set(url, set);
  }
  return set;
}

/** Forgets fetched key sets (tests; an administrator's change of a registration's address). */
export function forgetRemoteKeys(): void {
  remoteSets.clear();
}

/** GET through the SSRF guard, pinned to the checked addresses, no redirects, at most 64 KB. */
async function guardedGet(url: string, init: { headers: Headers; signal: AbortSignal }): Promise<Response> {
  const checked = await checkWebhookUrl(url);
  if (!checked.ok) throw new Error(`JWKS address refused: ${checked.reason}`);
  return new Promise<Response>((resolve, reject) => {
    const target = checked.url;
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      {
        method: "GET",
        headers: Object.fromEntries(init.headers.entries()),
        signal: init.signal,
        agent: false,
        ...(checked.addresses.length ? { lookup: pinnedLookup(checked.addresses) } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let total = 0;
        res.on("data", (chunk: Buffer) => {
          total += chunk.length;
          if (total > MAX_JWKS_BYTES) {
            request.destroy(new Error("JWKS larger than 64 KB"));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () =>
          resolve(
            new Response(Buffer.concat(chunks), {
              status: res.statusCode ?? 599,
              headers: { "content-type": "application/json" },
            }),
          ),
        );
        res.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end();
  });
}

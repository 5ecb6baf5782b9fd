// No "server-only" here: the outbox worker (started from instrumentation.ts) runs it.
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A DNS lookup that answers only `addresses` (those the SSRF guard validated), whatever the name:
 * the connection goes where the check looked, with no second resolution a DNS-rebinding attacker
 * could answer differently. Honours `family` and `all` as net.connect asks them.
 */
export function pinnedLookup(addresses: string[]): LookupFunction {
  return (_hostname, options, callback) => {
    const ofFamily = options.family ? addresses.filter((a) => isIP(a) === options.family) : addresses;
    const list = ofFamily.length ? ofFamily : addresses;
    if (options.all)
      (callback as unknown as (err: null, list: { address: string; family: number }[]) => void)(
        null,
        list.map((address) => ({ address, family: isIP(address) })),
      );
    else callback(null, list[0]!, isIP(list[0]!));
  };
}

/**
 * A fetch-shaped POST over node:http(s) that connects to `addresses` only (none: the system
 * resolver, for development's loopback receivers, which the guard does not resolve). TLS still
 * checks the certificate against the URL's host name (SNI from the URL). Redirects are never
 * followed; no connection is reused (`agent: false`), so none made for one address carries the next.
 */
export function pinnedFetch(addresses: string[]): Fetch {
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const request = (target.protocol === "https:" ? https : http).request(
        target,
        {
          method: init.method ?? "POST",
          headers: init.headers as Record<string, string>,
          signal: init.signal ?? undefined,
          agent: false,
          ...(addresses.length ? { lookup: pinnedLookup(addresses) } : {}),
        },
        (res) => {
          res.resume();
          const status = res.statusCode ?? 0;
          resolve(new Response(null, { status: status >= 200 && status <= 599 ? status : 599 }));
        },
      );
      // As fetch reports it: the system error's code under `cause`.
      request.on("error", (err) =>
        reject(Object.assign(new Error("request failed", { cause: err }), { name: (err as Error).name })),
      );
      request.end(typeof init.body === "string" ? init.body : undefined);
    });
}

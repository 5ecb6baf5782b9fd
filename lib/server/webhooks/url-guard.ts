import "server-only";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

/**
 * Where a webhook may go. HTTPS only; plain HTTP only to a loopback address outside production
 * (a developer's receiver). In production (or when `strict`), every address the host resolves
 * to must be public: loopback, private, link-local (cloud metadata), CGNAT, unique-local,
 * multicast and unspecified addresses are refused, so an endpoint cannot reach the plan's own
 * network (SSRF). Checked when the endpoint is registered and again before every delivery
 * (DNS may change in between). `addresses`: the ones validated (strict mode), which the delivery
 * then connects to and nothing else (pinned-post.ts: no second lookup, no DNS-rebinding window);
 * empty when nothing was resolved (development), and the system resolver is used.
 */
export async function checkWebhookUrl(
  raw: string,
  options: { strict?: boolean; resolve?: (host: string) => Promise<string[]> } = {},
): Promise<{ ok: true; url: URL; addresses: string[] } | { ok: false; reason: string }> {
  const strict = options.strict ?? process.env.NODE_ENV === "production";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "is not a web address: write it in full, starting with https://" };
  }
  if (url.username || url.password)
    return { ok: false, reason: "must not carry a user name or password (the signing secret authenticates us)" };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // An address written as a number says at once where it goes: name that before any rule on the scheme.
  const literal = isIP(host) ? nonPublicKind(host) : null;
  if (literal && (strict || !isLoopbackName(host)))
    return { ok: false, reason: `points to ${host}, ${literal}; only public internet addresses are allowed` };
  if (url.protocol === "http:") {
    if (strict || !isLoopbackName(host))
      return {
        ok: false,
        reason:
          "must start with https://, so what we send is encrypted (plain http only to this machine in development)",
      };
    return { ok: true, url, addresses: [] };
  }
  if (url.protocol !== "https:") return { ok: false, reason: "must start with https://" };
  if (!strict) return { ok: true, url, addresses: [] };
  const resolve =
    options.resolve ?? (async (h: string) => (await lookup(h, { all: true, verbatim: true })).map((a) => a.address));
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch {
    return { ok: false, reason: "does not resolve" };
  }
  if (!addresses.length) return { ok: false, reason: "does not resolve" };
  const bad = addresses.find((a) => !isPublicAddress(a));
  if (bad)
    return {
      ok: false,
      // The kind only: the address itself would map the portal's own network for whoever asks.
      reason: `leads to ${nonPublicKind(bad)}; only public internet addresses are allowed`,
    };
  return { ok: true, url, addresses };
}

function isLoopbackName(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** What kind of address a non-public one is, in words a person knows; null for a public address. */
export function nonPublicKind(address: string): string | null {
  if (isPublicAddress(address)) return null;
  const a = address.toLowerCase().replace(/^::ffff:(?=\d+\.)/, "");
  if (isLoopbackName(a)) return "this machine (loopback)";
  if (/^169\.254\./.test(a) || /^fe[89ab]/.test(a))
    return "a link-local address, where cloud servers expose their metadata";
  if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a) || /^f[cd]/.test(a)) return "a private network address";
  if (/^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./.test(a)) return "a carrier-grade NAT address";
  return "a reserved address";
}

/** True for a globally routable unicast address. */
export function isPublicAddress(address: string): boolean {
  const v = isIP(address);
  if (v === 4) return isPublicV4(address);
  if (v === 6) {
    const a = address.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    if (mapped) return isPublicV4(mapped[1]!);
    if (a === "::" || a === "::1") return false;
    const first = parseInt(a.split(":")[0] || "0", 16);
    if ((first & 0xfe00) === 0xfc00) return false; // fc00::/7 unique local
    if ((first & 0xffc0) === 0xfe80) return false; // fe80::/10 link-local
    if ((first & 0xff00) === 0xff00) return false; // multicast
    if (a.startsWith("64:ff9b:") || a.startsWith("2001:db8:") || a.startsWith("100::")) return false;
    return true;
  }
  return false;
}

function isPublicV4(address: string): boolean {
  const [a, b] = address.split(".").map(Number) as [number, number, number, number];
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 169 && b === 254) return false; // link-local, cloud metadata
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 100 && b >= 64 && b <= 127) return false; // CGNAT
  if (a === 192 && b === 0) return false;
  if (a === 198 && (b === 18 || b === 19)) return false;
  return true;
}

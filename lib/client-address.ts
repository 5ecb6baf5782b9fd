/**
 * The client's address, for the audit trail and the per-address limits.
 *
 * Without configured proxies (TRUSTED_PROXY_HOPS unset or 0) it is the TCP peer's address:
 * `next start` passes a client-sent X-Forwarded-For through untouched, so that header is the
 * client's word and is ignored. The peer address reaches route handlers and actions in a header
 * that the server stamps on every request (`installSocketAddressStamp`, from instrumentation)
 * together with a per-process secret, so a client cannot send it itself.
 *
 * With TRUSTED_PROXY_HOPS=N (N proxies in front of the app, each appending the address it saw
 * to X-Forwarded-For) the client is the N-th entry from the right; entries further left are the
 * client's own claims and never used.
 */
export const SOCKET_ADDRESS_HEADER = "x-portal-peer";

const globalStamp = globalThis as unknown as { __peerStampSecret?: string };

/** The per-process secret the stamp carries (created on first use). */
function peerStampSecret(): string {
  globalStamp.__peerStampSecret ??= Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
  return globalStamp.__peerStampSecret;
}

/** The header value that carries `address` for this process (set by the server, never by clients). */
export function peerStamp(address: string | undefined | null): string {
  return `${peerStampSecret()} ${address ?? ""}`;
}

const plausible = (address: string | null | undefined) =>
  address && address.length <= 64 && /^[0-9a-fA-F:.]+$/.test(address)
    ? address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "")
    : null;

function trustedProxyHops(): number {
  const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
  return Number.isInteger(hops) && hops > 0 ? hops : 0;
}

export function clientAddress(headers: Pick<Headers, "get">): string | null {
  const hops = trustedProxyHops();
  if (hops > 0) {
    const entries = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    return entries.length >= hops ? plausible(entries[entries.length - hops]) : null;
  }
  const stamp = headers.get(SOCKET_ADDRESS_HEADER);
  const secret = globalStamp.__peerStampSecret;
  if (!stamp || !secret) return null;
  const space = stamp.indexOf(" ");
  if (space < 0 || stamp.slice(0, space) !== secret) return null;
  return plausible(stamp.slice(space + 1));
}

/** Who is calling, for the audit trail: address and (truncated) user agent. */
export function requestMetaFrom(headers: Pick<Headers, "get">) {
  return { ip: clientAddress(headers), userAgent: headers.get("user-agent")?.slice(0, 300) ?? null };
}

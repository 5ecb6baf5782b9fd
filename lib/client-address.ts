/**
 * The client's address from X-Forwarded-For. A client can send that header itself, so the
 * left-most value is never trusted: each proxy appends the address it saw, and with
 * TRUSTED_PROXY_HOPS proxies in front of the app (default 1: a load balancer, or Next's own
 * server filling the header in when none came) the client is that many entries from the right.
 * Without a proxy that overwrites or appends the header, the address is only as good as the
 * client's word: deploy behind one and set TRUSTED_PROXY_HOPS.
 */
export function clientAddress(headers: Pick<Headers, "get">): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (!forwarded) return null;
  const hops = Math.max(1, Number(process.env.TRUSTED_PROXY_HOPS ?? 1) || 1);
  const entries = forwarded.split(",").map((s) => s.trim()).filter(Boolean);
  const address = entries[Math.max(0, entries.length - hops)] ?? null;
  return address && address.length <= 64 ? address : null;
}

/** Who is calling, for the audit trail: address and (truncated) user agent. */
export function requestMetaFrom(headers: Pick<Headers, "get">) {
  return { ip: clientAddress(headers), userAgent: headers.get("user-agent")?.slice(0, 300) ?? null };
}

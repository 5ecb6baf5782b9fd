import "server-only";
/**
 * CSRF check for cookie-authenticated route handlers (server actions get theirs from Next): true
 * when the request's Origin header is the origin the request was sent to (the Host, or the
 * X-Forwarded-Host/-Proto a proxy sets, which a browser page cannot forge). A missing or "null"
 * Origin is refused: every browser sends Origin on a cross-origin or XHR POST.
 */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin || origin === "null") return false;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let own: string;
  try {
    const url = new URL(req.url);
    const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
    own = host ? `${proto}://${host}` : url.origin;
  } catch {
    return false;
  }
  return origin.toLowerCase() === own.toLowerCase();
}

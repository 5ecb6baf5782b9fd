import "server-only";
import { decode } from "next-auth/jwt";
import { resolveAuthSecret } from "@/lib/auth/secret";
import type { SessionClaims } from "./sessions";

/**
 * The session cookie's name, chosen as Auth.js chooses it for the same request (lib/auth): the
 * `__Secure-` one when the portal's address (AUTH_URL, else the forwarded protocol, else https) is
 * HTTPS. The name is also the key-derivation salt, so a token only decodes under its own name.
 */
export function sessionCookieName(headers: Headers): string {
  const envUrl = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  const protocol = envUrl
    ? new URL(envUrl).protocol
    : `${(headers.get("x-forwarded-proto") ?? "https").replace(/:$/, "")}:`;
  return protocol === "https:" ? "__Secure-authjs.session-token" : "authjs.session-token";
}

/** The cookie's value, joined back when Auth.js split a large token into `name.0`, `name.1`, …. */
function cookieValue(cookieHeader: string, name: string): string | null {
  const found = new Map<string, string>();
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    if (key === name || key.startsWith(`${name}.`)) found.set(key, part.slice(eq + 1).trim());
  }
  if (found.has(name)) return found.get(name)!;
  const chunks = [...found].filter(([k]) => /^\.\d+$/.test(k.slice(name.length)));
  if (!chunks.length) return null;
  return chunks
    .sort(([a], [b]) => Number(a.slice(name.length + 1)) - Number(b.slice(name.length + 1)))
    .map(([, v]) => v)
    .join("");
}

/**
 * The claims of this request's session cookie, verified and decrypted with Auth.js's own
 * `decode` (A256CBC-HS512 under the AUTH_SECRET-derived key, expiry checked), or null.
 *
 * This is what `auth()` does for a server component before its callbacks, without the rest of
 * its round trip: `auth()` builds a Request, runs the whole Auth.js handler (a CSRF token, the
 * session action), re-encrypts a refreshed token into a Set-Cookie header that a server
 * component cannot send, and serializes and re-parses the session as JSON: about half of the
 * identity's cost on every page. The server-side checks stay the caller's: the absolute
 * lifetime and the live-session read (lib/server/auth/sessions.ts, the same as the jwt callback).
 */
export async function readSessionClaims(headers: Headers): Promise<SessionClaims | null> {
  const name = sessionCookieName(headers);
  const token = cookieValue(headers.get("cookie") ?? "", name);
  if (!token) return null;
  try {
    return ((await decode({ token, secret: resolveAuthSecret(), salt: name })) as SessionClaims | null) ?? null;
  } catch {
    // Tampered, expired or made under another secret: no session (Auth.js would clear the cookie).
    return null;
  }
}

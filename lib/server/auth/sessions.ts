import "server-only";
import { cache } from "react";
import type { Db } from "@/db/client";
import { revokedSessions } from "@/db/schema";
import { endSessions } from "@/lib/server/account/sessions";
import { loadSessionViewer, type SessionViewer } from "./session-viewer";

/**
 * A session token's claims that matter on the server: who, and which sign-in (`sid`, kept across
 * token refreshes so a sign-out can revoke it), and when that sign-in happened (`authTime`, epoch
 * seconds: the absolute lifetime counts from it, however often the cookie is refreshed).
 */
export type SessionClaims = Record<string, unknown>;

/** A sign-in ends after 12 hours whatever happens; the idle limit (8 h without a request) is Auth.js's maxAge. */
export const ABSOLUTE_SESSION_SECONDS = 12 * 60 * 60;

/** False once the sign-in is older than the absolute lifetime (or carries no sign-in time at all). */
function withinAbsoluteLifetime(claims: SessionClaims, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  return (
    typeof claims.authTime === "number" &&
    nowSeconds - claims.authTime < ABSOLUTE_SESSION_SECONDS &&
    claims.authTime <= nowSeconds + 60
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The signed-in person behind a session, read from the database: the account active, its
 * organization active, the sign-in still open (not signed out, not ended from "Your sessions",
 * by an admin's "sign out everywhere", a password change or a deactivation) and not revoked.
 * One query; within one page render (React's request cache) Auth.js's session check and the
 * page's viewer share it, so a page reads its identity once.
 */
const liveSessionViewer = cache((db: Db, userId: string, sessionId: string) =>
  loadSessionViewer(db, userId, sessionId),
);

/** The person behind a session's claims when it is still good (see sessionIsLive), else null. */
export async function liveSessionFromClaims(db: Db, claims: SessionClaims): Promise<SessionViewer | null> {
  if (!withinAbsoluteLifetime(claims)) return null;
  if (
    typeof claims.uid !== "string" ||
    !UUID.test(claims.uid) ||
    typeof claims.sid !== "string" ||
    !UUID.test(claims.sid)
  )
    return null;
  return liveSessionViewer(db, claims.uid, claims.sid);
}

/** The session is still good: within its lifetime, its sign-in open and not revoked, its account and organization active. */
export async function sessionIsLive(db: Db, claims: SessionClaims): Promise<boolean> {
  return (await liveSessionFromClaims(db, claims)) !== null;
}

/** Revokes one sign-in everywhere: every instance checks this table on every request. */
export async function revokeSession(db: Db, claims: SessionClaims): Promise<boolean> {
  if (typeof claims.uid !== "string" || !UUID.test(claims.uid) || typeof claims.sid !== "string") return false;
  await db.insert(revokedSessions).values({ sessionId: claims.sid, userId: claims.uid }).onConflictDoNothing();
  // The account page lists sign-ins from user_sessions: a signed-out one is no longer open.
  await endSessions(db, claims.uid, "signed out", { only: claims.sid });
  return true;
}

import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requestMetaFrom } from "@/lib/client-address";
import { liveSessionFromClaims } from "./auth/sessions";
import { readSessionClaims } from "./auth/session-token";
import { can, type Permission } from "@/lib/auth/permissions";
import { recordRefusal, recordSystemAudit, type ServiceContext } from "./context";
import { shouldRecordRefusal } from "./rate-limit";
import { UnauthenticatedError } from "./errors";
import { refuseUntilEnrolled, TWO_FACTOR_ENROLMENT_PAGE, type SessionViewer } from "./auth/session-viewer";

/**
 * The signed-in person, re-read from the database on every request: role, organization and
 * whether the account is still active come from the row, never from the session token alone.
 * One query per request (React's request cache: the layout, the page and the data layer share it).
 */
export const currentViewer = cache(async (): Promise<SessionViewer | null> => {
  // The session cookie decoded as Auth.js's auth() decodes it, then the same checks as its jwt
  // callback (lib/auth: absolute lifetime, the live-session read), without auth()'s re-encrypted
  // cookie that a page cannot send anyway (see readSessionClaims).
  const claims = await readSessionClaims(await headers());
  if (!claims) return null;
  return liveSessionFromClaims(await getDb(), claims);
});

export const requestMeta = cache(async () => {
  return requestMetaFrom(await headers());
});

/** For pages: the viewer, or a redirect to sign in (or to enrolment, unless `enrolment` says this page is where it happens). */
export async function getViewer(options: { enrolment?: boolean } = {}): Promise<SessionViewer> {
  const viewer = await currentViewer();
  if (!viewer) redirect("/login");
  if (viewer.mustEnrollTwoFactor && !options.enrolment) redirect(TWO_FACTOR_ENROLMENT_PAGE);
  return viewer;
}

/** How often a poll's refusals (a tab left open after its session ended) are recorded per address. */
export const POLL_REFUSAL_SAMPLE_SECONDS = 3600;

/**
 * A service context for the signed-in viewer (pages and server actions); `enrolment`: the
 * two-factor enrolment actions, allowed before enrolment; `poll`: a request the page repeats on
 * its own (the bell), whose refusals are recorded once an hour per address, not every ten seconds.
 */
export async function serviceContext(options: { enrolment?: boolean; poll?: boolean } = {}): Promise<ServiceContext> {
  const viewer = await currentViewer();
  const meta = await requestMeta();
  if (!viewer) {
    // A route handler or action reached without a session: refused, and recorded, sampled per
    // address like the API's refusals so a flood of them cannot grow the audit chain or hold its lock.
    const sampled = options.poll
      ? await shouldRecordRefusal("session.required:poll", meta.ip, POLL_REFUSAL_SAMPLE_SECONDS)
      : await shouldRecordRefusal("session.required", meta.ip);
    if (sampled) {
      const db = await getDb();
      await recordSystemAudit(db, meta, {
        action: "session.required",
        outcome: "refused",
        details: { reason: options.poll ? "no valid session (notification poll)" : "no valid session" },
      });
    }
    throw new UnauthenticatedError("Your session has ended. Sign in again.");
  }
  const ctx: ServiceContext = { db: await getDb(), viewer, ...meta, via: "web" };
  if (!options.enrolment) await refuseUntilEnrolled(ctx, viewer);
  return ctx;
}

/** For pages: the viewer when their role may do this; otherwise 403, audited. */
export async function requirePageAccess(
  permission: Permission,
  target: { type?: string; id?: string } = {},
  options: { enrolment?: boolean } = {},
): Promise<ServiceContext> {
  const viewer = await getViewer(options);
  const meta = await requestMeta();
  const ctx: ServiceContext = { db: await getDb(), viewer, ...meta, via: "web" };
  if (!can(viewer.role, permission)) {
    await recordRefusal(ctx, `page:${permission}`, { ...target, reason: `role ${viewer.role} lacks ${permission}` });
    forbidden();
  }
  return ctx;
}

/**
 * The portal's address to show on a page (the FHIR base an EHR is configured with): PORTAL_URL
 * when set, otherwise the address this request came to. Links sent by email use portalBaseUrl()
 * (portal-address.ts), never this: a request's Host header may be forged.
 */
export async function publicBaseUrl(): Promise<string> {
  const configured = process.env.PORTAL_URL || process.env.AUTH_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto =
    h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

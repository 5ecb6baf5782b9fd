import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  notifications,
  organizations,
  portalSettings,
  revokedSessions,
  users,
  userSessions,
  userTwoFactor,
} from "@/db/schema";
import { recordRefusal, type ServiceContext, type Viewer } from "../context";
import { ForbiddenError } from "../errors";
import { mustEnrollTwoFactor } from "./two-factor-settings";

/** Where a person who must enrol in two-factor sign-in is sent (the only page they may use until then). */
export const TWO_FACTOR_ENROLMENT_PAGE = "/account";

export type SessionViewer = Viewer & {
  sessionId: string;
  mustEnrollTwoFactor: boolean;
  /** Their unread notifications when the viewer was read (the header's bell), in the same query. */
  unreadNotifications?: number;
};

/**
 * The signed-in person from the database: the account active, its organization active, this
 * sign-in still open (not signed out, not ended from "Your sessions", by an admin's "sign out
 * everywhere", a password change or a deactivation), and whether they must enrol in two-factor
 * sign-in before anything else (staff without it while the administrator requires it).
 */
export async function loadSessionViewer(db: Db, userId: string, sessionId: string): Promise<SessionViewer | null> {
  const [user] = await db
    .select({
      userId: users.id,
      role: users.role,
      organizationId: users.organizationId,
      name: users.name,
      email: users.email,
      sessionId: userSessions.id,
      twoFactorOn: sql<boolean>`${userTwoFactor.enabledAt} is not null`,
      requireStaffTwoFactor: sql<boolean>`coalesce(${portalSettings.requireStaffTwoFactor}, false)`,
      // The bell's count rides on the identity query (one round trip per page instead of two);
      // notifications_unread_idx makes it an index-only count of this person's unread rows.
      unreadNotifications: sql<number>`(select count(*)::int from ${notifications} where ${notifications.userId} = ${users.id} and ${notifications.readAt} is null)`,
    })
    .from(users)
    .innerJoin(organizations, and(eq(organizations.id, users.organizationId), eq(organizations.active, true)))
    .innerJoin(
      userSessions,
      and(eq(userSessions.id, sessionId), eq(userSessions.userId, users.id), isNull(userSessions.endedAt)),
    )
    .leftJoin(revokedSessions, eq(revokedSessions.sessionId, sessionId))
    .leftJoin(userTwoFactor, eq(userTwoFactor.userId, users.id))
    .leftJoin(portalSettings, eq(portalSettings.id, 1))
    .where(and(eq(users.id, userId), eq(users.active, true), isNull(revokedSessions.sessionId)))
    .limit(1);
  if (!user) return null;
  const { twoFactorOn, requireStaffTwoFactor, ...viewer } = user;
  return { ...viewer, mustEnrollTwoFactor: mustEnrollTwoFactor(viewer.role, !!twoFactorOn, !!requireStaffTwoFactor) };
}

/**
 * The gate for staff who must enrol first: every service context (actions, route handlers) is
 * refused (403, audited) except the enrolment actions; pages redirect to the enrolment page.
 */
export async function refuseUntilEnrolled(
  ctx: ServiceContext,
  viewer: Pick<SessionViewer, "mustEnrollTwoFactor">,
): Promise<void> {
  if (!viewer.mustEnrollTwoFactor) return;
  await recordRefusal(ctx, "two_factor.required", { reason: "two-factor enrolment required for the role" });
  throw new ForbiddenError(
    "Set up two-factor sign-in on “Your account” first: your administrator requires it for your role.",
  );
}

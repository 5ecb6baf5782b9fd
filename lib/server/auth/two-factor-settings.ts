import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { portalSettings, twoFactorRecoveryCodes, users, userTwoFactor } from "@/db/schema";
import { isStaffRole, type Role } from "@/lib/domain";
import { requireStaffTwoFactorInput } from "@/lib/validation/two-factor";
import { parseInput } from "../parse-input";
import { audit, refuseNotFound, requirePermission, withTransaction, type ServiceContext } from "../context";
import { endSessions } from "../account/sessions";
import { userIdInput } from "@/lib/validation/account";
import { ConflictError } from "../errors";
import { enqueueEmail, wakeOutbox } from "../outbox/enqueue";
import { twoFactorDisabledMessage } from "../outbox/messages";

// Two-factor sign-in as settings: the plan's staff requirement, whether an account has it, and the
// administrator's reset.

/** Whether this person must enrol before doing anything else (staff, when the administrator requires it). */
export function mustEnrollTwoFactor(role: Role, enrolled: boolean, requiredForStaff: boolean): boolean {
  return requiredForStaff && isStaffRole(role) && !enrolled;
}

export async function getPortalSettings(db: Db) {
  const [row] = await db.select().from(portalSettings).where(eq(portalSettings.id, 1));
  // "Changed" only when a person changed it (the demo seed writes the row without one).
  return {
    requireStaffTwoFactor: row?.requireStaffTwoFactor ?? false,
    updatedAt: row?.updatedBy ? row.updatedAt : null,
  };
}

/** Administrator: require (or stop requiring) a second factor for staff roles. Audited with before and after. */
export async function setRequireStaffTwoFactor(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "users.manage", { type: "settings", id: "require_staff_two_factor" });
  const { required } = parseInput(requireStaffTwoFactorInput, input);
  const after = required === "on";
  return withTransaction(ctx, async (tx) => {
    const [current] = await tx.select().from(portalSettings).where(eq(portalSettings.id, 1)).for("update");
    const before = current?.requireStaffTwoFactor ?? false;
    await tx
      .insert(portalSettings)
      .values({ id: 1, requireStaffTwoFactor: after, updatedBy: ctx.viewer.userId })
      .onConflictDoUpdate({
        target: portalSettings.id,
        set: { requireStaffTwoFactor: after, updatedBy: ctx.viewer.userId, updatedAt: new Date() },
      });
    await audit(tx, ctx, {
      action: "admin.settings.update",
      targetType: "settings",
      targetId: "require_staff_two_factor",
      details: { before: { requireStaffTwoFactor: before }, after: { requireStaffTwoFactor: after } },
    });
    return { requireStaffTwoFactor: after, changed: before !== after };
  });
}

export async function twoFactorRow(db: Db, userId: string) {
  const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, userId));
  return row ?? null;
}

/** Whether the account signs in with a second factor. */
export async function hasTwoFactor(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ on: sql<boolean>`${userTwoFactor.enabledAt} is not null and ${userTwoFactor.secret} is not null` })
    .from(userTwoFactor)
    .where(eq(userTwoFactor.userId, userId));
  return !!row?.on;
}

/**
 * Administrator: turns off someone's two-factor sign-in (a lost phone and no recovery code left,
 * or a changed TWO_FACTOR_KEY). Their sessions end, they get an email; with the staff requirement
 * on they must enrol again at their next sign-in. Not for oneself (use "Your account").
 */
export async function resetTwoFactor(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "users.manage");
  const { userId } = parseInput(userIdInput, input);
  if (userId === ctx.viewer.userId) throw new ConflictError("Turn off your own two-factor sign-in on “Your account”.");
  const result = await withTransaction(ctx, async (tx) => {
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId));
    const removed = user
      ? await tx
          .delete(userTwoFactor)
          .where(and(eq(userTwoFactor.userId, userId), isNotNull(userTwoFactor.enabledAt)))
          .returning({ userId: userTwoFactor.userId })
      : [];
    if (!user || !removed.length)
      return refuseNotFound(ctx, "admin.user.reset_two_factor", { type: "user", id: userId }, tx);
    await tx.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, userId));
    const sessionsEnded = await endSessions(tx, userId, "two-factor sign-in reset by an administrator");
    await enqueueEmail(tx, "two_factor_disabled", user.email, twoFactorDisabledMessage());
    await audit(tx, ctx, {
      action: "admin.user.reset_two_factor",
      targetType: "user",
      targetId: userId,
      details: { before: { twoFactor: true }, after: { twoFactor: false }, sessionsEnded },
    });
    return { sessionsEnded };
  });
  wakeOutbox();
  return result;
}

/** The accounts that have two-factor sign-in on (the admin's users page marks them). */
export async function accountsWithTwoFactor(ctx: ServiceContext): Promise<Set<string>> {
  await requirePermission(ctx, "users.manage");
  const rows = await ctx.db
    .select({ userId: userTwoFactor.userId })
    .from(userTwoFactor)
    .where(isNotNull(userTwoFactor.enabledAt));
  return new Set(rows.map((r) => r.userId));
}

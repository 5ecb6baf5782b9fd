import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { appendAudit, type AuditActor } from "@/db/audit-chain";
import { invitations, organizations, passwordResets, users } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/passwords";
import { passwordProblem } from "@/lib/password-strength";
import { hashLinkToken, newLinkToken, tokenMatches } from "@/lib/tokens";
import {
  acceptInvitationInput,
  changePasswordInput,
  forgotPasswordInput,
  resetPasswordInput,
} from "@/lib/validation/account";
import { parseInput } from "../parse-input";
import { audit, withTransaction, type ServiceContext } from "../context";
import { ConflictError, RateLimitedError, ValidationError } from "../errors";
import { enqueueEmail, wakeOutbox } from "../outbox/enqueue";
import { passwordChangedMessage, passwordResetMessage } from "../outbox/messages";
import { createLimiter, processLimiter } from "../rate-limit";
import { endSessions } from "./sessions";

const RESET_TTL_MS = 30 * 60 * 1000;

export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

const anonymous = (meta: RequestMeta): AuditActor => ({
  userId: null,
  role: null,
  organizationId: null,
  ip: meta.ip ?? null,
  userAgent: meta.userAgent ?? null,
});
const actorOf = (u: { id: string; role: string; organizationId: string }, meta: RequestMeta): AuditActor => ({
  userId: u.id,
  role: u.role,
  organizationId: u.organizationId,
  ip: meta.ip ?? null,
  userAgent: meta.userAgent ?? null,
});

const LINK_INVALID = "This link is not valid any more: it was used, replaced or has expired. Ask for a new one.";

function requireStrong(password: string, personal: string[], path: string) {
  const problem = passwordProblem(password, personal);
  if (problem) throw new ValidationError(problem, [{ path, message: problem }]);
}

/** What the invitation page shows before the password is chosen (nothing when the link is not valid). */
async function peekInvitation(db: Db, token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select({
      email: invitations.email,
      name: invitations.name,
      role: invitations.role,
      organization: organizations.name,
      tokenHash: invitations.tokenHash,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(
      and(
        eq(invitations.tokenHash, hashLinkToken(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
        eq(organizations.active, true),
      ),
    );
  return row && tokenMatches(token, row.tokenHash)
    ? { email: row.email, name: row.name, role: row.role, organization: row.organization }
    : null;
}

/**
 * Accepts an invitation: creates the account with the chosen password. Single use (a
 * conditional UPDATE marks the invitation accepted; a second try finds nothing), 72 hours.
 */
export async function acceptInvitation(db: Db, input: unknown, meta: RequestMeta = {}) {
  const { token, password } = parseInput(acceptInvitationInput, input, "The password");
  const invitation = await peekInvitation(db, token);
  if (!invitation) throw new ConflictError(LINK_INVALID);
  requireStrong(password, [invitation.name, invitation.email], "password");
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(
        and(
          eq(invitations.tokenHash, hashLinkToken(token)),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .returning();
    if (!claimed) throw new ConflictError(LINK_INVALID);
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(sql`lower(${users.email})`, claimed.email.toLowerCase()));
    if (taken) throw new ConflictError("An account with this email already exists: sign in, or use “Forgot password”.");
    const [user] = await tx
      .insert(users)
      .values({
        email: claimed.email,
        name: claimed.name,
        role: claimed.role,
        organizationId: claimed.organizationId,
        passwordHash,
      })
      .returning();
    await tx.update(invitations).set({ userId: user!.id }).where(eq(invitations.id, claimed.id));
    await appendAudit(tx, actorOf(user!, meta), {
      action: "account.accept_invitation",
      targetType: "user",
      targetId: user!.id,
      details: { invitationId: claimed.id, role: claimed.role },
    });
    return { email: user!.email, role: user!.role };
  });
}

// Reset requests: 5 per email per 15 minutes, 30 per address per 15 minutes, in the shared
// limiter store (every instance counts together).
const resetPerEmail = processLimiter("reset-email", () =>
  createLimiter({ name: "reset-email", points: 5, durationSeconds: 900 }),
);
const resetPerAddress = processLimiter("reset-address", () =>
  createLimiter({ name: "reset-address", points: 30, durationSeconds: 900 }),
);

/**
 * "Forgot password": when the email belongs to an active account, queues a single-use link
 * valid for 30 minutes (earlier unused links stop working). The answer is the same whether or
 * not the account exists; only the throttle answers differently (429), for everyone alike.
 */
export async function requestPasswordReset(
  db: Db,
  input: unknown,
  baseUrl: string,
  meta: RequestMeta = {},
): Promise<void> {
  const { email } = parseInput(forgotPasswordInput, input);
  const key = email.toLowerCase();
  if (!(await resetPerAddress.take(meta.ip ?? "unknown")) || !(await resetPerEmail.take(key))) {
    await db.transaction((tx) =>
      appendAudit(tx, anonymous(meta), {
        action: "account.password_reset_request",
        outcome: "refused",
        details: { reason: "too many requests" },
      }),
    );
    throw new RateLimitedError("Too many reset requests. Wait a few minutes, then try again.");
  }
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email, role: users.role, organizationId: users.organizationId })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.organizationId))
      .where(and(eq(sql`lower(${users.email})`, key), eq(users.active, true), eq(organizations.active, true)));
    if (!user) {
      await appendAudit(tx, anonymous(meta), {
        action: "account.password_reset_request",
        outcome: "failed",
        details: { reason: "no active account" },
      });
      return;
    }
    await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    const { token, hash } = newLinkToken();
    await tx
      .insert(passwordResets)
      .values({ userId: user.id, tokenHash: hash, expiresAt: new Date(Date.now() + RESET_TTL_MS) });
    await enqueueEmail(tx, "password_reset", user.email, passwordResetMessage(`${baseUrl}/reset-password/${token}`));
    await appendAudit(tx, actorOf(user, meta), {
      action: "account.password_reset_request",
      targetType: "user",
      targetId: user.id,
      details: {},
    });
  });
  wakeOutbox();
}

/** The reset link's pending row (the account's name and email for the strength check), or null when it is not valid. */
async function pendingReset(db: Db, token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [pending] = await db
    .select({
      userId: passwordResets.userId,
      name: users.name,
      email: users.email,
      tokenHash: passwordResets.tokenHash,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, hashLinkToken(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
        eq(users.active, true),
      ),
    );
  return pending && tokenMatches(token, pending.tokenHash) ? pending : null;
}

/**
 * Whether a reset link can still set a password (not used, not replaced, not expired, the account
 * active), for the reset page to say so before anything is typed. Reads only: the link stays usable.
 */
export async function peekPasswordReset(db: Db, token: string, now = new Date()): Promise<boolean> {
  return (await pendingReset(db, token, now)) !== null;
}

/** Sets a new password from a reset link: single use, 30 minutes; every session of the account ends. */
export async function resetPassword(db: Db, input: unknown, meta: RequestMeta = {}) {
  const { token, password } = parseInput(resetPasswordInput, input, "The password");
  const hash = hashLinkToken(token);
  const pending = await pendingReset(db, token);
  if (!pending) throw new ConflictError(LINK_INVALID);
  requireStrong(password, [pending.name, pending.email], "password");
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [used] = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(passwordResets.tokenHash, hash),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, new Date()),
        ),
      )
      .returning({ userId: passwordResets.userId });
    if (!used) throw new ConflictError(LINK_INVALID);
    const [user] = await tx.update(users).set({ passwordHash }).where(eq(users.id, used.userId)).returning();
    const sessionsEnded = await endSessions(tx, used.userId, "password reset");
    await enqueueEmail(tx, "password_changed", user!.email, passwordChangedMessage());
    await appendAudit(tx, actorOf(user!, meta), {
      action: "account.password_reset",
      targetType: "user",
      targetId: used.userId,
      details: { sessionsEnded },
    });
  });
  wakeOutbox();
  return { email: pending.email };
}

/** Changes the viewer's password (the current one required); every other session of theirs ends. */
export async function changePassword(ctx: ServiceContext, input: unknown) {
  const { currentPassword, newPassword } = parseInput(changePasswordInput, input, "The password");
  const [user] = await ctx.db.select().from(users).where(eq(users.id, ctx.viewer.userId));
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
    await ctx.db.transaction((tx) =>
      audit(tx, ctx, {
        action: "account.change_password",
        outcome: "failed",
        targetType: "user",
        targetId: ctx.viewer.userId,
        details: { reason: "wrong current password" },
      }),
    );
    throw new ValidationError("Your current password is not correct.", [
      { path: "currentPassword", message: "Not correct." },
    ]);
  }
  if (newPassword === currentPassword)
    throw new ValidationError("Choose a password different from the current one.", [
      { path: "newPassword", message: "Same as the current one." },
    ]);
  requireStrong(newPassword, [user.name, user.email], "newPassword");
  const passwordHash = await hashPassword(newPassword);
  const result = await withTransaction(ctx, async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    const sessionsEnded = await endSessions(tx, user.id, "password changed", { except: ctx.viewer.sessionId ?? "" });
    await enqueueEmail(tx, "password_changed", user.email, passwordChangedMessage());
    await audit(tx, ctx, {
      action: "account.change_password",
      targetType: "user",
      targetId: user.id,
      details: { sessionsEnded },
    });
    return { sessionsEnded };
  });
  wakeOutbox();
  return result;
}

/** For the signed-out pages: the same services on the process's database. */
export const publicAccount = {
  peekInvitation: async (token: string) => peekInvitation(await getDb(), token),
  acceptInvitation: async (input: unknown, meta: RequestMeta) => acceptInvitation(await getDb(), input, meta),
  peekPasswordReset: async (token: string) => peekPasswordReset(await getDb(), token),
  requestPasswordReset: async (input: unknown, baseUrl: string, meta: RequestMeta) =>
    requestPasswordReset(await getDb(), input, baseUrl, meta),
  resetPassword: async (input: unknown, meta: RequestMeta) => resetPassword(await getDb(), input, meta),
};

import "server-only";
import { randomInt } from "node:crypto";
import { and, count, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import type { Db, Tx } from "@/db/client";
import { appendAudit, type AuditActor } from "@/db/audit-chain";
import { portalSettings, twoFactorRecoveryCodes, users, userTwoFactor } from "@/db/schema";
import { isStaffRole, type Role } from "@/lib/domain";
import { verifyPassword } from "@/lib/passwords";
import { confirmEnrollmentInput, disableTwoFactorInput, requireStaffTwoFactorInput, secondFactorCode } from "@/lib/validation/two-factor";
import { parseInput } from "../parse-input";
import { audit, refuseNotFound, requirePermission, withTransaction, type ServiceContext } from "../context";
import { endSessions } from "../account/sessions";
import { userIdInput } from "@/lib/validation/account";
import { ConflictError, RateLimitedError, ValidationError } from "../errors";
import { enqueueEmail, wakeOutbox } from "../outbox/enqueue";
import { twoFactorDisabledMessage, twoFactorEnabledMessage } from "../outbox/messages";
import { keyedHash, openSecret, readStatement, sealSecret, signStatement } from "./secret-box";
import { signInAllowed } from "./sign-in-throttle";

/** RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30-second steps. */
const TOTP_PERIOD_SECONDS = 30;
/** A code of the previous or the next step is accepted too (clock drift of up to 30 s either way). */
const TOTP_TOLERANCE_SECONDS = 30;
const RECOVERY_CODE_COUNT = 10;
const ISSUER = "PA portal 339.7";

/**
 * Checks a 6-digit code against a base32 secret: the step it belongs to, or null. `afterStep`
 * (the last accepted step) refuses that step and every earlier one, so a code works once.
 */
export async function matchTotp(secret: string, code: string, afterStep: number | null, epochSeconds = Math.floor(Date.now() / 1000)): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: epochSeconds,
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

// Recovery codes: 10 characters from an alphabet without look-alikes (about 49 bits each), shown as xxxxx-xxxxx.
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function newRecoveryCodes(n = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: n }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The stored form of a recovery code: a keyed hash of its normalised text (case, dashes and spaces do not matter). */
export function hashRecoveryCode(code: string): string {
  return keyedHash("recovery-code", code.replace(/[\s-]/g, "").toLowerCase());
}

/** Whether this person must enrol before doing anything else (staff, when the administrator requires it). */
export function mustEnrollTwoFactor(role: Role, enrolled: boolean, requiredForStaff: boolean): boolean {
  return requiredForStaff && isStaffRole(role) && !enrolled;
}

export async function getPortalSettings(db: Db) {
  const [row] = await db.select().from(portalSettings).where(eq(portalSettings.id, 1));
  return { requireStaffTwoFactor: row?.requireStaffTwoFactor ?? false, updatedAt: row?.updatedAt ?? null };
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
      .onConflictDoUpdate({ target: portalSettings.id, set: { requireStaffTwoFactor: after, updatedBy: ctx.viewer.userId, updatedAt: new Date() } });
    await audit(tx, ctx, { action: "admin.settings.update", targetType: "settings", targetId: "require_staff_two_factor", details: { before: { requireStaffTwoFactor: before }, after: { requireStaffTwoFactor: after } } });
    return { requireStaffTwoFactor: after, changed: before !== after };
  });
}

async function twoFactorRow(db: Db, userId: string) {
  const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, userId));
  return row ?? null;
}

/** What "Your account" shows: enrolled or not; while enrolling, the new secret (text, otpauth URI and QR code as SVG). */
export async function twoFactorStatus(ctx: ServiceContext) {
  const row = await twoFactorRow(ctx.db, ctx.viewer.userId);
  const { requireStaffTwoFactor } = await getPortalSettings(ctx.db);
  const enabled = !!row?.enabledAt && !!row.secret;
  const [left] = enabled
    ? await ctx.db.select({ n: count() }).from(twoFactorRecoveryCodes).where(and(eq(twoFactorRecoveryCodes.userId, ctx.viewer.userId), isNull(twoFactorRecoveryCodes.usedAt)))
    : [{ n: 0 }];
  let pending: { secret: string; uri: string; qrSvg: string } | null = null;
  const pendingSecret = !enabled && row?.pendingSecret ? openSecret(row.pendingSecret, ctx.viewer.userId) : null;
  if (pendingSecret) {
    const uri = generateURI({ issuer: ISSUER, label: ctx.viewer.email, secret: pendingSecret, period: TOTP_PERIOD_SECONDS });
    const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    pending = { secret: pendingSecret, uri, qrSvg };
  }
  return {
    enabled,
    enabledAt: enabled ? row!.enabledAt : null,
    recoveryCodesLeft: left?.n ?? 0,
    required: isStaffRole(ctx.viewer.role) && requireStaffTwoFactor,
    pending,
  };
}

/** Starts (or restarts) enrolment: a new secret, kept sealed as pending until a code confirms it. */
export async function beginEnrollment(ctx: ServiceContext) {
  return withTransaction(ctx, async (tx) => {
    const row = await twoFactorRow(tx, ctx.viewer.userId);
    if (row?.enabledAt) throw new ConflictError("Two-factor sign-in is already on. Turn it off first to enrol a new device.");
    const sealed = sealSecret(generateSecret({ length: 20 }), ctx.viewer.userId);
    await tx
      .insert(userTwoFactor)
      .values({ userId: ctx.viewer.userId, pendingSecret: sealed })
      .onConflictDoUpdate({ target: userTwoFactor.userId, set: { pendingSecret: sealed, updatedAt: new Date() } });
    await audit(tx, ctx, { action: "account.two_factor.begin", targetType: "user", targetId: ctx.viewer.userId });
  });
}

async function throttled(ctx: ServiceContext) {
  if (await signInAllowed(ctx.viewer.email, ctx.ip ?? null)) return;
  throw new RateLimitedError("Too many attempts. Wait a few minutes, then try again.");
}

async function recordFailure(ctx: ServiceContext, action: string, reason: string) {
  await ctx.db.transaction((tx) => audit(tx, ctx, { action, outcome: "failed", targetType: "user", targetId: ctx.viewer.userId, details: { reason } }));
}

async function storeRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, userId));
  await tx.insert(twoFactorRecoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })));
  return codes;
}

/**
 * Confirms enrolment with a code from the app: the pending secret becomes the account's, ten
 * recovery codes are made (returned once, stored hashed), an email says so (same transaction).
 */
export async function confirmEnrollment(ctx: ServiceContext, input: unknown, epochSeconds?: number): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(confirmEnrollmentInput, input, "The code");
  await throttled(ctx);
  const row = await twoFactorRow(ctx.db, ctx.viewer.userId);
  if (row?.enabledAt) throw new ConflictError("Two-factor sign-in is already on.");
  const secret = row?.pendingSecret ? openSecret(row.pendingSecret, ctx.viewer.userId) : null;
  if (!secret) throw new ConflictError("Start the set-up again: no enrolment is in progress.");
  const step = await matchTotp(secret, code, null, epochSeconds);
  if (step === null) {
    await recordFailure(ctx, "account.two_factor.enroll", "wrong code");
    throw new ValidationError("That code is not correct. Check the time on your device and enter the current code.", [{ path: "code", message: "Not correct." }]);
  }
  const result = await withTransaction(ctx, async (tx) => {
    const [enabled] = await tx
      .update(userTwoFactor)
      .set({ secret: row!.pendingSecret, pendingSecret: null, enabledAt: new Date(), lastUsedStep: step, updatedAt: new Date() })
      .where(and(eq(userTwoFactor.userId, ctx.viewer.userId), isNull(userTwoFactor.enabledAt), eq(userTwoFactor.pendingSecret, row!.pendingSecret!)))
      .returning({ userId: userTwoFactor.userId });
    if (!enabled) throw new ConflictError("The set-up changed meanwhile (another tab?). Reload the page.");
    const recoveryCodes = await storeRecoveryCodes(tx, ctx.viewer.userId);
    await enqueueEmail(tx, "two_factor_enabled", ctx.viewer.email, twoFactorEnabledMessage());
    await audit(tx, ctx, { action: "account.two_factor.enroll", targetType: "user", targetId: ctx.viewer.userId, details: { recoveryCodes: recoveryCodes.length } });
    return { recoveryCodes };
  });
  wakeOutbox();
  return result;
}

/** Turns two-factor sign-in off: a current code (or recovery code) or the password is required; refused while required for the role. */
export async function disableTwoFactor(ctx: ServiceContext, input: unknown, epochSeconds?: number): Promise<void> {
  const { code, password } = parseInput(disableTwoFactorInput, input, "The confirmation");
  const status = await twoFactorStatus(ctx);
  if (!status.enabled) throw new ConflictError("Two-factor sign-in is not on.");
  if (status.required) throw new ConflictError("Two-factor sign-in is required for your role: it cannot be turned off.");
  await throttled(ctx);
  let proven = false;
  if (code) proven = (await consumeSecondFactor(ctx.db, ctx.viewer.userId, code, epochSeconds)) !== null;
  else {
    const [user] = await ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.viewer.userId));
    proven = !!user && (await verifyPassword(password, user.passwordHash));
  }
  if (!proven) {
    await recordFailure(ctx, "account.two_factor.disable", code ? "wrong code" : "wrong password");
    throw new ValidationError(code ? "That code is not correct." : "Your password is not correct.", [{ path: code ? "code" : "password", message: "Not correct." }]);
  }
  await withTransaction(ctx, async (tx) => {
    await tx.delete(userTwoFactor).where(eq(userTwoFactor.userId, ctx.viewer.userId));
    await tx.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, ctx.viewer.userId));
    await enqueueEmail(tx, "two_factor_disabled", ctx.viewer.email, twoFactorDisabledMessage());
    await audit(tx, ctx, { action: "account.two_factor.disable", targetType: "user", targetId: ctx.viewer.userId, details: { confirmedWith: code ? "code" : "password" } });
  });
  wakeOutbox();
}

export type SecondFactorUse = { method: "totp" } | { method: "recovery_code"; remaining: number };

/**
 * Accepts a TOTP code (once per time step: a conditional UPDATE of `last_used_step`, so two
 * requests racing with one code cannot both win) or an unused recovery code (marked used by a
 * conditional UPDATE). Null when neither matches. Records a recovery code's use.
 */
export async function consumeSecondFactor(db: Db, userId: string, typed: string, epochSeconds?: number, actor?: AuditActor): Promise<SecondFactorUse | null> {
  const parsed = secondFactorCode.safeParse(typed);
  if (!parsed.success) return null;
  const code = parsed.data;
  const row = await twoFactorRow(db, userId);
  if (!row?.enabledAt || !row.secret) return null;
  if (/^\d{6}$/.test(code)) {
    const secret = openSecret(row.secret, userId);
    if (!secret) return null;
    const step = await matchTotp(secret, code, row.lastUsedStep ?? null, epochSeconds);
    if (step === null) return null;
    const [won] = await db
      .update(userTwoFactor)
      .set({ lastUsedStep: step })
      .where(and(eq(userTwoFactor.userId, userId), isNotNull(userTwoFactor.enabledAt), or(isNull(userTwoFactor.lastUsedStep), lt(userTwoFactor.lastUsedStep, step))))
      .returning({ userId: userTwoFactor.userId });
    return won ? { method: "totp" } : null;
  }
  if (!/^[a-z0-9]{10}$/.test(code)) return null;
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(twoFactorRecoveryCodes)
      .set({ usedAt: new Date() })
      .where(and(eq(twoFactorRecoveryCodes.userId, userId), eq(twoFactorRecoveryCodes.codeHash, hashRecoveryCode(code)), isNull(twoFactorRecoveryCodes.usedAt)))
      .returning({ id: twoFactorRecoveryCodes.id });
    if (!used) return null;
    const [left] = await tx.select({ n: count() }).from(twoFactorRecoveryCodes).where(and(eq(twoFactorRecoveryCodes.userId, userId), isNull(twoFactorRecoveryCodes.usedAt)));
    const remaining = left?.n ?? 0;
    if (actor) await appendAudit(tx, actor, { action: "auth.recovery_code_used", targetType: "user", targetId: userId, details: { remaining } });
    return { method: "recovery_code" as const, remaining };
  });
}

/** Whether the account signs in with a second factor. */
export async function hasTwoFactor(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ on: sql<boolean>`${userTwoFactor.enabledAt} is not null and ${userTwoFactor.secret} is not null` }).from(userTwoFactor).where(eq(userTwoFactor.userId, userId));
  return !!row?.on;
}

// The sign-in's second step: after a correct password, a short-lived signed statement stands in
// for it, so the password is sent once and never kept in the page. It names the account and a
// fingerprint of its password hash (a password change voids it), and expires after 5 minutes.
export const PENDING_SIGN_IN_SECONDS = 5 * 60;
const passwordFingerprint = (hash: string) => keyedHash("password-fingerprint", hash).slice(0, 24);

export function issuePendingSignIn(user: { id: string; passwordHash: string }, nowSeconds = Math.floor(Date.now() / 1000)): string {
  return signStatement("pending-sign-in", { uid: user.id, pf: passwordFingerprint(user.passwordHash), exp: nowSeconds + PENDING_SIGN_IN_SECONDS });
}

/** The account a pending sign-in names, when the statement is authentic, unexpired and its password unchanged. */
export function readPendingSignIn(token: string, user: { id: string; passwordHash: string } | null | undefined, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const claims = readStatement("pending-sign-in", token);
  return !!claims && !!user && claims.uid === user.id && claims.pf === passwordFingerprint(user.passwordHash) && typeof claims.exp === "number" && claims.exp > nowSeconds;
}

/** The account id a pending sign-in statement names (not yet checked against the account: see readPendingSignIn). */
export function pendingSignInAccount(token: string): string | null {
  const claims = readStatement("pending-sign-in", token);
  return typeof claims?.uid === "string" ? claims.uid : null;
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
    const removed = user ? await tx.delete(userTwoFactor).where(and(eq(userTwoFactor.userId, userId), isNotNull(userTwoFactor.enabledAt))).returning({ userId: userTwoFactor.userId }) : [];
    if (!user || !removed.length) return refuseNotFound(ctx, "admin.user.reset_two_factor", { type: "user", id: userId }, tx);
    await tx.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, userId));
    const sessionsEnded = await endSessions(tx, userId, "two-factor sign-in reset by an administrator");
    await enqueueEmail(tx, "two_factor_disabled", user.email, twoFactorDisabledMessage());
    await audit(tx, ctx, { action: "admin.user.reset_two_factor", targetType: "user", targetId: userId, details: { before: { twoFactor: true }, after: { twoFactor: false }, sessionsEnded } });
    return { sessionsEnded };
  });
  wakeOutbox();
  return result;
}

/** The accounts that have two-factor sign-in on (the admin's users page marks them). */
export async function accountsWithTwoFactor(ctx: ServiceContext): Promise<Set<string>> {
  await requirePermission(ctx, "users.manage");
  const rows = await ctx.db.select({ userId: userTwoFactor.userId }).from(userTwoFactor).where(isNotNull(userTwoFactor.enabledAt));
  return new Set(rows.map((r) => r.userId));
}

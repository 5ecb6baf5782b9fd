import "server-only";
import { and, count, eq, isNull } from "drizzle-orm";
import { generateSecret, generateURI } from "otplib";
import QRCode from "qrcode";
import type { Tx } from "@/db/client";
import { twoFactorRecoveryCodes, users, userTwoFactor } from "@/db/schema";
import { isStaffRole } from "@/lib/domain";
import { verifyPassword } from "@/lib/passwords";
import { confirmEnrollmentInput, disableTwoFactorInput } from "@/lib/validation/two-factor";
import { parseInput } from "../parse-input";
import { audit, withTransaction, type ServiceContext } from "../context";
import { ConflictError, RateLimitedError, ValidationError } from "../errors";
import { enqueueEmail, wakeOutbox } from "../outbox/enqueue";
import { twoFactorDisabledMessage, twoFactorEnabledMessage } from "../outbox/messages";
import { openTotpSecret, sealTotpSecret } from "./two-factor-keys";
import { signInAllowed } from "./sign-in-throttle";
import { hashRecoveryCode, ISSUER, matchTotp, newRecoveryCodes, TOTP_PERIOD_SECONDS } from "./totp";
import { getPortalSettings, twoFactorRow } from "./two-factor-settings";
import { consumeSecondFactor } from "./two-factor-sign-in";

// Enrolling in and leaving two-factor sign-in, from the person's own account page.

/** What "Your account" shows: enrolled or not; while enrolling, the new secret (text, otpauth URI and QR code as SVG). */
export async function twoFactorStatus(ctx: ServiceContext) {
  const row = await twoFactorRow(ctx.db, ctx.viewer.userId);
  const { requireStaffTwoFactor } = await getPortalSettings(ctx.db);
  const enabled = !!row?.enabledAt && !!row.secret;
  const [left] = enabled
    ? await ctx.db
        .select({ n: count() })
        .from(twoFactorRecoveryCodes)
        .where(and(eq(twoFactorRecoveryCodes.userId, ctx.viewer.userId), isNull(twoFactorRecoveryCodes.usedAt)))
    : [{ n: 0 }];
  let pending: { secret: string; uri: string; qrSvg: string } | null = null;
  const pendingSecret = !enabled && row?.pendingSecret ? openTotpSecret(row.pendingSecret, ctx.viewer.userId) : null;
  if (pendingSecret) {
    const uri = generateURI({
      issuer: ISSUER,
      label: ctx.viewer.email,
      secret: pendingSecret,
      period: TOTP_PERIOD_SECONDS,
    });
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
    if (row?.enabledAt)
      throw new ConflictError("Two-factor sign-in is already on. Turn it off first to enrol a new device.");
    const sealed = sealTotpSecret(generateSecret({ length: 20 }), ctx.viewer.userId);
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
  await ctx.db.transaction((tx) =>
    audit(tx, ctx, { action, outcome: "failed", targetType: "user", targetId: ctx.viewer.userId, details: { reason } }),
  );
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
export async function confirmEnrollment(
  ctx: ServiceContext,
  input: unknown,
  epochSeconds?: number,
): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(confirmEnrollmentInput, input, "The code");
  await throttled(ctx);
  const row = await twoFactorRow(ctx.db, ctx.viewer.userId);
  if (row?.enabledAt) throw new ConflictError("Two-factor sign-in is already on.");
  const secret = row?.pendingSecret ? openTotpSecret(row.pendingSecret, ctx.viewer.userId) : null;
  if (!secret) throw new ConflictError("Start the set-up again: no enrolment is in progress.");
  const step = await matchTotp(secret, code, null, epochSeconds);
  if (step === null) {
    await recordFailure(ctx, "account.two_factor.enroll", "wrong code");
    throw new ValidationError("That code is not correct. Check the time on your device and enter the current code.", [
      { path: "code", message: "Not correct." },
    ]);
  }
  const result = await withTransaction(ctx, async (tx) => {
    const [enabled] = await tx
      .update(userTwoFactor)
      .set({
        secret: row!.pendingSecret,
        pendingSecret: null,
        enabledAt: new Date(),
        lastUsedStep: step,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(userTwoFactor.userId, ctx.viewer.userId),
          isNull(userTwoFactor.enabledAt),
          eq(userTwoFactor.pendingSecret, row!.pendingSecret!),
        ),
      )
      .returning({ userId: userTwoFactor.userId });
    if (!enabled) throw new ConflictError("The set-up changed meanwhile (another tab?). Reload the page.");
    const recoveryCodes = await storeRecoveryCodes(tx, ctx.viewer.userId);
    await enqueueEmail(tx, "two_factor_enabled", ctx.viewer.email, twoFactorEnabledMessage());
    await audit(tx, ctx, {
      action: "account.two_factor.enroll",
      targetType: "user",
      targetId: ctx.viewer.userId,
      details: { recoveryCodes: recoveryCodes.length },
    });
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
  if (status.required)
    throw new ConflictError("Two-factor sign-in is required for your role: it cannot be turned off.");
  await throttled(ctx);
  let proven = false;
  if (code) proven = (await consumeSecondFactor(ctx.db, ctx.viewer.userId, code, epochSeconds)) !== null;
  else {
    const [user] = await ctx.db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, ctx.viewer.userId));
    proven = !!user && (await verifyPassword(password, user.passwordHash));
  }
  if (!proven) {
    await recordFailure(ctx, "account.two_factor.disable", code ? "wrong code" : "wrong password");
    throw new ValidationError(code ? "That code is not correct." : "Your password is not correct.", [
      { path: code ? "code" : "password", message: "Not correct." },
    ]);
  }
  await withTransaction(ctx, async (tx) => {
    await tx.delete(userTwoFactor).where(eq(userTwoFactor.userId, ctx.viewer.userId));
    await tx.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, ctx.viewer.userId));
    await enqueueEmail(tx, "two_factor_disabled", ctx.viewer.email, twoFactorDisabledMessage());
    await audit(tx, ctx, {
      action: "account.two_factor.disable",
      targetType: "user",
      targetId: ctx.viewer.userId,
      details: { confirmedWith: code ? "code" : "password" },
    });
  });
  wakeOutbox();
}

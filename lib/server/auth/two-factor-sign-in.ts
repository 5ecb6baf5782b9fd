import "server-only";
import { and, count, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appendAudit, type AuditActor } from "@/db/audit-chain";
import { twoFactorRecoveryCodes, userTwoFactor } from "@/db/schema";
import { secondFactorCode } from "@/lib/validation/two-factor";
import { keyedHash, openTotpSecret, readStatement, signStatement } from "./two-factor-keys";
import { hashRecoveryCode, matchTotp } from "./totp";
import { twoFactorRow } from "./two-factor-settings";

// Two-factor sign-in's second step: the code (or a recovery code) after the password, and the
// signed statement that stands in for the password between the two steps.

export type SecondFactorUse = { method: "totp" } | { method: "recovery_code"; remaining: number };

/**
 * Accepts a TOTP code (once per time step: a conditional UPDATE of `last_used_step`, so two
 * requests racing with one code cannot both win) or an unused recovery code (marked used by a
 * conditional UPDATE). Null when neither matches. Records a recovery code's use.
 */
export async function consumeSecondFactor(
  db: Db,
  userId: string,
  typed: string,
  epochSeconds?: number,
  actor?: AuditActor,
): Promise<SecondFactorUse | null> {
  const parsed = secondFactorCode.safeParse(typed);
  if (!parsed.success) return null;
  const code = parsed.data;
  const row = await twoFactorRow(db, userId);
  if (!row?.enabledAt || !row.secret) return null;
  if (/^\d{6}$/.test(code)) {
    const secret = openTotpSecret(row.secret, userId);
    if (!secret) return null;
    const step = await matchTotp(secret, code, row.lastUsedStep ?? null, epochSeconds);
    if (step === null) return null;
    const [won] = await db
      .update(userTwoFactor)
      .set({ lastUsedStep: step })
      .where(
        and(
          eq(userTwoFactor.userId, userId),
          isNotNull(userTwoFactor.enabledAt),
          or(isNull(userTwoFactor.lastUsedStep), lt(userTwoFactor.lastUsedStep, step)),
        ),
      )
      .returning({ userId: userTwoFactor.userId });
    return won ? { method: "totp" } : null;
  }
  if (!/^[a-z0-9]{10}$/.test(code)) return null;
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(twoFactorRecoveryCodes)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(twoFactorRecoveryCodes.userId, userId),
          eq(twoFactorRecoveryCodes.codeHash, hashRecoveryCode(code)),
          isNull(twoFactorRecoveryCodes.usedAt),
        ),
      )
      .returning({ id: twoFactorRecoveryCodes.id });
    if (!used) return null;
    const [left] = await tx
      .select({ n: count() })
      .from(twoFactorRecoveryCodes)
      .where(and(eq(twoFactorRecoveryCodes.userId, userId), isNull(twoFactorRecoveryCodes.usedAt)));
    const remaining = left?.n ?? 0;
    if (actor)
      await appendAudit(tx, actor, {
        action: "auth.recovery_code_used",
        targetType: "user",
        targetId: userId,
        details: { remaining },
      });
    return { method: "recovery_code" as const, remaining };
  });
}

// The sign-in's second step: after a correct password, a short-lived signed statement stands in
// for it, so the password is sent once and never kept in the page. It names the account and a
// fingerprint of its password hash (a password change voids it), and expires after 5 minutes.
export const PENDING_SIGN_IN_SECONDS = 5 * 60;
const passwordFingerprint = (hash: string) => keyedHash("password-fingerprint", hash).slice(0, 24);

export function issuePendingSignIn(
  user: { id: string; passwordHash: string },
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  return signStatement("pending-sign-in", {
    uid: user.id,
    pf: passwordFingerprint(user.passwordHash),
    exp: nowSeconds + PENDING_SIGN_IN_SECONDS,
  });
}

/** The account a pending sign-in names, when the statement is authentic, unexpired and its password unchanged. */
export function readPendingSignIn(
  token: string,
  user: { id: string; passwordHash: string } | null | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const claims = readStatement("pending-sign-in", token);
  return (
    !!claims &&
    !!user &&
    claims.uid === user.id &&
    claims.pf === passwordFingerprint(user.passwordHash) &&
    typeof claims.exp === "number" &&
    claims.exp > nowSeconds
  );
}

/** The account id a pending sign-in statement names (not yet checked against the account: see readPendingSignIn). */
export function pendingSignInAccount(token: string): string | null {
  const claims = readStatement("pending-sign-in", token);
  return typeof claims?.uid === "string" ? claims.uid : null;
}

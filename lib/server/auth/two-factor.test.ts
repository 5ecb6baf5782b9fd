import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { generate } from "otplib";
import type { DatabaseHandle, Db } from "@/db/client";
import {
  auditEvents,
  notifications,
  outbox,
  portalSettings,
  twoFactorRecoveryCodes,
  users,
  userSessions,
  userTwoFactor,
} from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ctxFor, FACTORY_PASSWORD, givenPlanOrg, givenUser } from "@/test/given";
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from "../errors";
import { openTotpSecret } from "./two-factor-keys";
import { loadSessionViewer, refuseUntilEnrolled } from "./session-viewer";
import { authenticate, type SignInOutcome } from "./sign-in";
import { signInLimiters } from "./sign-in-throttle";
import { beginEnrollment, confirmEnrollment, disableTwoFactor, twoFactorStatus } from "./two-factor-enrolment";
import { hashRecoveryCode, matchTotp } from "./totp";
import { issuePendingSignIn, PENDING_SIGN_IN_SECONDS, readPendingSignIn } from "./two-factor-sign-in";
import { mustEnrollTwoFactor, resetTwoFactor, setRequireStaffTwoFactor } from "./two-factor-settings";

process.env.AUTH_SECRET ??= "test-secret-for-two-factor-0123456789abcdef";

let handle: DatabaseHandle;
let db: Db;
let planId: string;
const meta = { ip: "203.0.113.9", userAgent: "vitest" };
const T0 = 1_900_000_020; // a step boundary (divisible by 30)
const step = (epoch: number) => Math.floor(epoch / 30);
const codeAt = (secret: string, epoch: number) => generate({ secret, epoch });
const fresh = () => signInLimiters({ kind: "memory" });

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  planId = (await givenPlanOrg(db)).id;
});
afterAll(async () => {
  await handle?.close();
});

/** A user with two-factor sign-in on, enrolled at T0; returns the secret and the recovery codes. */
async function enrolled(role: Parameters<typeof givenUser>[1] = "nurse_reviewer") {
  const user = await givenUser(db, role, role === "provider" ? {} : { organizationId: planId });
  const ctx = ctxFor(db, user);
  await beginEnrollment(ctx);
  const secret = (await twoFactorStatus(ctx)).pending!.secret;
  const { recoveryCodes } = await confirmEnrollment(ctx, { code: await codeAt(secret, T0) }, T0);
  return { user, ctx, secret, recoveryCodes };
}

const actions = async (userId: string) =>
  (await db.select().from(auditEvents).where(eq(auditEvents.actorId, userId))).map((e) => `${e.action}:${e.outcome}`);

describe("TOTP codes", () => {
  const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  it("accepts the current step and one step either side, nothing further", async () => {
    expect(await matchTotp(secret, await codeAt(secret, T0), null, T0)).toBe(step(T0));
    expect(await matchTotp(secret, await codeAt(secret, T0 - 30), null, T0)).toBe(step(T0) - 1);
    expect(await matchTotp(secret, await codeAt(secret, T0 + 30), null, T0)).toBe(step(T0) + 1);
    expect(await matchTotp(secret, await codeAt(secret, T0 - 61), null, T0)).toBeNull();
    expect(await matchTotp(secret, await codeAt(secret, T0 + 60), null, T0)).toBeNull();
    expect(await matchTotp(secret, "12345", null, T0)).toBeNull();
  });
  it("refuses a code of the last used step or an earlier one", async () => {
    expect(await matchTotp(secret, await codeAt(secret, T0), step(T0), T0)).toBeNull();
    expect(await matchTotp(secret, await codeAt(secret, T0 - 30), step(T0) - 1, T0)).toBeNull();
    expect(await matchTotp(secret, await codeAt(secret, T0), step(T0) - 1, T0)).toBe(step(T0));
  });
});

describe("enrolment", () => {
  it("shows a QR code and the secret until confirmed; a wrong code is refused and recorded", async () => {
    const user = await givenUser(db, "provider");
    const ctx = ctxFor(db, user);
    await beginEnrollment(ctx);
    const status = await twoFactorStatus(ctx);
    expect(status.enabled).toBe(false);
    expect(status.pending!.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(status.pending!.qrSvg.startsWith("<svg")).toBe(true);
    expect(status.pending!.uri).toContain(`secret=${status.pending!.secret}`);
    const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, user.id));
    // Sealed: the stored value is not the secret, and opens only for its own account.
    expect(row!.pendingSecret).not.toContain(status.pending!.secret);
    expect(openTotpSecret(row!.pendingSecret!, user.id)).toBe(status.pending!.secret);
    expect(openTotpSecret(row!.pendingSecret!, crypto.randomUUID())).toBeNull();
    const wrong = (Number(await codeAt(status.pending!.secret, T0)) + 1) % 1_000_000;
    await expect(confirmEnrollment(ctx, { code: String(wrong).padStart(6, "0") }, T0)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await actions(user.id)).toContain("account.two_factor.enroll:failed");
    expect((await twoFactorStatus(ctx)).enabled).toBe(false);
  });

  it("confirms with a code: ten recovery codes, stored only hashed; an email in the outbox; the secret never shown again", async () => {
    const { user, ctx, secret, recoveryCodes } = await enrolled("provider");
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await db.select().from(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, user.id));
    expect(stored.map((s) => s.codeHash).sort()).toEqual(recoveryCodes.map(hashRecoveryCode).sort());
    for (const s of stored) for (const c of recoveryCodes) expect(s.codeHash).not.toContain(c.replace("-", ""));
    const status = await twoFactorStatus(ctx);
    expect(status).toMatchObject({ enabled: true, pending: null, recoveryCodesLeft: 10 });
    const mail = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.recipient, user.email), eq(outbox.kind, "two_factor_enabled")));
    expect(mail).toHaveLength(1);
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorId, user.id),
          eq(auditEvents.action, "account.two_factor.enroll"),
          eq(auditEvents.outcome, "ok"),
        ),
      );
    expect(JSON.stringify(event!.details)).not.toContain(secret);
    await expect(beginEnrollment(ctx)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("sign-in with a second factor", () => {
  it("asks for the code after the right password, signs in with it, refuses the same code again", async () => {
    const { user, secret } = await enrolled();
    const first = await authenticate(db, { email: user.email, password: FACTORY_PASSWORD }, meta, {
      limiters: fresh(),
    });
    expect(first.kind).toBe("code_required");
    const pending = (first as Extract<SignInOutcome, { kind: "code_required" }>).pending;
    expect(pending).not.toContain(FACTORY_PASSWORD);
    const sessionsBefore = (await db.select().from(userSessions).where(eq(userSessions.userId, user.id))).length;
    expect(sessionsBefore).toBe(0);
    const code = await codeAt(secret, T0 + 30);
    const ok = await authenticate(db, { pending, code }, meta, { limiters: fresh(), epochSeconds: T0 + 30 });
    expect(ok.kind).toBe("signed_in");
    expect((await db.select().from(userSessions).where(eq(userSessions.userId, user.id))).length).toBe(1);
    // Replay: the same code, even a few seconds later in the same step, is refused and recorded.
    const replay = await authenticate(db, { pending, code }, meta, { limiters: fresh(), epochSeconds: T0 + 40 });
    expect(replay.kind).toBe("bad_code");
    // The code of the enrolment's own step is spent too.
    expect(
      (
        await authenticate(db, { pending, code: await codeAt(secret, T0) }, meta, {
          limiters: fresh(),
          epochSeconds: T0,
        })
      ).kind,
    ).toBe("bad_code");
    const failures = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorId, user.id),
          eq(auditEvents.action, "auth.two_factor"),
          eq(auditEvents.outcome, "failed"),
        ),
      );
    expect(failures).toHaveLength(2);
    expect(JSON.stringify(failures.map((f) => f.details))).not.toContain(code);
    // A code with the password in one request (the optional `code` credential) works too.
    expect(
      (
        await authenticate(
          db,
          { email: user.email, password: FACTORY_PASSWORD, code: await codeAt(secret, T0 + 60) },
          meta,
          { limiters: fresh(), epochSeconds: T0 + 60 },
        )
      ).kind,
    ).toBe("signed_in");
  });

  it("a recovery code works once, whatever its case or dashes, and its use is recorded", async () => {
    const { user, recoveryCodes } = await enrolled();
    const pending = issuePendingSignIn(user);
    const typed = ` ${recoveryCodes[3]!.toUpperCase().replace("-", " ")} `;
    expect((await authenticate(db, { pending, code: typed }, meta, { limiters: fresh() })).kind).toBe("signed_in");
    expect((await authenticate(db, { pending, code: recoveryCodes[3]! }, meta, { limiters: fresh() })).kind).toBe(
      "bad_code",
    );
    const [used] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, user.id), eq(auditEvents.action, "auth.recovery_code_used")));
    expect(used!.details).toMatchObject({ remaining: 9 });
    expect(JSON.stringify(used!.details)).not.toContain(recoveryCodes[3]!.slice(0, 5));
  });

  it("the pending step expires after 5 minutes and dies with a password change; a forged one names nobody", async () => {
    const { user, secret } = await enrolled();
    const now = Math.floor(Date.now() / 1000);
    const pending = issuePendingSignIn(user, now);
    expect(readPendingSignIn(pending, user, now + PENDING_SIGN_IN_SECONDS - 1)).toBe(true);
    expect(readPendingSignIn(pending, user, now + PENDING_SIGN_IN_SECONDS)).toBe(false);
    expect(readPendingSignIn(pending, { ...user, passwordHash: "$2b$04$other" }, now)).toBe(false);
    const old = issuePendingSignIn(user, now - PENDING_SIGN_IN_SECONDS - 1);
    expect(
      (
        await authenticate(db, { pending: old, code: await codeAt(secret, T0 + 90) }, meta, {
          limiters: fresh(),
          epochSeconds: T0 + 90,
        })
      ).kind,
    ).toBe("expired");
    // A statement with another body under the same MAC is refused.
    const forged = `${Buffer.from(JSON.stringify({ uid: user.id, pf: "x", exp: now + 999 })).toString("base64url")}.${pending.split(".")[1]}`;
    expect((await authenticate(db, { pending: forged, code: "123456" }, meta, { limiters: fresh() })).kind).toBe(
      "expired",
    );
  });

  it("a completed sign-in clears the account's count; a proven password alone does not", async () => {
    const plain = await givenUser(db, "provider");
    const limiters = fresh();
    // Nine wrong passwords, then the right one, then nine more wrong and the right one again: never throttled.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 9; i++)
        expect(
          (await authenticate(db, { email: plain.email, password: "wrong-password-1" }, meta, { limiters })).kind,
        ).toBe("failed");
      expect(
        (await authenticate(db, { email: plain.email, password: FACTORY_PASSWORD }, meta, { limiters })).kind,
      ).toBe("signed_in");
    }
    // With two-factor on, passwords that keep proving right do not refill the code step's guesses.
    const { user, secret } = await enrolled();
    const pending = issuePendingSignIn(user);
    for (let i = 0; i < 5; i++) {
      expect((await authenticate(db, { email: user.email, password: FACTORY_PASSWORD }, meta, { limiters })).kind).toBe(
        "code_required",
      );
      expect(
        (await authenticate(db, { pending, code: "000000" }, meta, { limiters, epochSeconds: T0 + 150 })).kind,
      ).toBe("bad_code");
    }
    expect(
      (
        await authenticate(db, { pending, code: await codeAt(secret, T0 + 150) }, meta, {
          limiters,
          epochSeconds: T0 + 150,
        })
      ).kind,
    ).toBe("throttled");
  });

  it("wrong codes count toward the same per-account throttle as passwords", async () => {
    const { user, secret } = await enrolled();
    const limiters = fresh();
    const pending = issuePendingSignIn(user);
    // One password attempt and nine wrong codes use up the account's 10 attempts…
    expect((await authenticate(db, { email: user.email, password: FACTORY_PASSWORD }, meta, { limiters })).kind).toBe(
      "code_required",
    );
    for (let i = 0; i < 9; i++)
      expect(
        (await authenticate(db, { pending, code: "000000" }, meta, { limiters, epochSeconds: T0 + 120 })).kind,
      ).toBe("bad_code");
    // …so even the right code is refused now, and so is the password.
    expect(
      (
        await authenticate(db, { pending, code: await codeAt(secret, T0 + 120) }, meta, {
          limiters,
          epochSeconds: T0 + 120,
        })
      ).kind,
    ).toBe("throttled");
    expect((await authenticate(db, { email: user.email, password: FACTORY_PASSWORD }, meta, { limiters })).kind).toBe(
      "throttled",
    );
    // Another account from the same address is not affected.
    const other = await givenUser(db, "provider");
    expect((await authenticate(db, { email: other.email, password: FACTORY_PASSWORD }, meta, { limiters })).kind).toBe(
      "signed_in",
    );
  });
});

describe("turning it off", () => {
  it("needs the password or a current code; mails and records it", async () => {
    const { user, ctx, secret } = await enrolled("provider");
    await expect(disableTwoFactor(ctx, { password: "not-the-password" })).rejects.toBeInstanceOf(ValidationError);
    await expect(disableTwoFactor(ctx, {})).rejects.toBeInstanceOf(ValidationError);
    await expect(disableTwoFactor(ctx, { code: await codeAt(secret, T0) }, T0)).rejects.toBeInstanceOf(ValidationError); // spent at enrolment
    await disableTwoFactor(ctx, { code: await codeAt(secret, T0 + 30) }, T0 + 30);
    expect((await twoFactorStatus(ctx)).enabled).toBe(false);
    expect(
      await db.select().from(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, user.id)),
    ).toHaveLength(0);
    expect(
      await db
        .select()
        .from(outbox)
        .where(and(eq(outbox.recipient, user.email), eq(outbox.kind, "two_factor_disabled"))),
    ).toHaveLength(1);
    expect(await actions(user.id)).toEqual(
      expect.arrayContaining(["account.two_factor.disable:failed", "account.two_factor.disable:ok"]),
    );
    // Without a second factor, the password alone signs in again.
    expect(
      (await authenticate(db, { email: user.email, password: FACTORY_PASSWORD }, meta, { limiters: fresh() })).kind,
    ).toBe("signed_in");
  });
});

describe("an administrator's reset", () => {
  it("turns it off for someone else (sessions end, an email, audited), never for oneself, and only where it is on", async () => {
    const admin = await givenUser(db, "admin", { organizationId: planId });
    const { user } = await enrolled("provider");
    const r = await authenticate(db, { email: user.email, password: FACTORY_PASSWORD, code: "" }, meta, {
      limiters: fresh(),
    });
    expect(r.kind).toBe("code_required");
    await expect(resetTwoFactor(ctxFor(db, user), { userId: user.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(resetTwoFactor(ctxFor(db, admin), { userId: admin.id })).rejects.toBeInstanceOf(ConflictError);
    await resetTwoFactor(ctxFor(db, admin), { userId: user.id });
    expect(
      await db.select().from(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, user.id)),
    ).toHaveLength(0);
    expect(
      await db
        .select()
        .from(outbox)
        .where(and(eq(outbox.recipient, user.email), eq(outbox.kind, "two_factor_disabled"))),
    ).toHaveLength(1);
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, admin.id), eq(auditEvents.action, "admin.user.reset_two_factor")));
    expect(event!.details).toMatchObject({ before: { twoFactor: true }, after: { twoFactor: false } });
    expect(
      (await authenticate(db, { email: user.email, password: FACTORY_PASSWORD }, meta, { limiters: fresh() })).kind,
    ).toBe("signed_in");
    await expect(resetTwoFactor(ctxFor(db, admin), { userId: user.id })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("required for staff", () => {
  it("is an administrator's setting, audited with before and after", async () => {
    const admin = await givenUser(db, "admin", { organizationId: planId });
    const nurse = await givenUser(db, "nurse_reviewer", { organizationId: planId });
    await expect(setRequireStaffTwoFactor(ctxFor(db, nurse), { required: "on" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(setRequireStaffTwoFactor(ctxFor(db, admin), { required: "maybe" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await setRequireStaffTwoFactor(ctxFor(db, admin), { required: "on" })).toEqual({
      requireStaffTwoFactor: true,
      changed: true,
    });
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, admin.id), eq(auditEvents.action, "admin.settings.update")));
    expect(event!.details).toMatchObject({
      before: { requireStaffTwoFactor: false },
      after: { requireStaffTwoFactor: true },
    });
    expect(await setRequireStaffTwoFactor(ctxFor(db, admin), { required: "off" })).toEqual({
      requireStaffTwoFactor: false,
      changed: true,
    });
  });

  it("keeps staff without it out of everything but enrolment, on the server, until they enrol", async () => {
    expect(mustEnrollTwoFactor("provider", false, true)).toBe(false);
    expect(mustEnrollTwoFactor("auditor", false, false)).toBe(false);
    for (const role of ["nurse_reviewer", "physician_reviewer", "auditor", "admin"] as const)
      expect(mustEnrollTwoFactor(role, false, true)).toBe(true);
    expect(mustEnrollTwoFactor("admin", true, true)).toBe(false);

    const admin = await givenUser(db, "admin", { organizationId: planId });
    const auditor = await givenUser(db, "auditor", { organizationId: planId });
    const provider = await givenUser(db, "provider");
    const signIn = async (u: typeof users.$inferSelect) => {
      const r = await authenticate(db, { email: u.email, password: FACTORY_PASSWORD }, meta, { limiters: fresh() });
      if (r.kind !== "signed_in") throw new Error(r.kind);
      return loadSessionViewer(db, u.id, r.user.sessionId);
    };
    // Off (the default): demo-like accounts keep working without it.
    expect((await signIn(auditor))!.mustEnrollTwoFactor).toBe(false);
    await setRequireStaffTwoFactor(ctxFor(db, admin), { required: "on" });
    const gated = (await signIn(auditor))!;
    expect(gated.mustEnrollTwoFactor).toBe(true);
    expect((await signIn(provider))!.mustEnrollTwoFactor).toBe(false);
    // The same query counts the header bell's unread notifications (read ones and others' left out).
    const note = { kind: "test", title: "t", link: "/queue" };
    await db.insert(notifications).values([
      { ...note, userId: provider.id },
      { ...note, userId: provider.id },
      { ...note, userId: provider.id, readAt: new Date() },
      { ...note, userId: auditor.id },
    ]);
    expect((await signIn(provider))!.unreadNotifications).toBe(2);
    const ctx = { ...ctxFor(db, auditor), viewer: gated };
    await expect(refuseUntilEnrolled(ctx, gated)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await actions(auditor.id)).toContain("two_factor.required:refused");
    // It cannot be turned off while required.
    const { ctx: nurseCtx } = await enrolled("nurse_reviewer");
    await expect(disableTwoFactor(nurseCtx, { password: FACTORY_PASSWORD })).rejects.toBeInstanceOf(ConflictError);
    // Enrolling lifts the gate.
    await beginEnrollment(ctx);
    const secret = (await twoFactorStatus(ctx)).pending!.secret;
    await confirmEnrollment(ctx, { code: await codeAt(secret, T0) }, T0);
    const pending = issuePendingSignIn(auditor);
    const r = await authenticate(db, { pending, code: await codeAt(secret, T0 + 30) }, meta, {
      limiters: fresh(),
      epochSeconds: T0 + 30,
    });
    expect(r.kind).toBe("signed_in");
    expect(
      (await loadSessionViewer(db, auditor.id, (r as Extract<SignInOutcome, { kind: "signed_in" }>).user.sessionId))!
        .mustEnrollTwoFactor,
    ).toBe(false);
    await setRequireStaffTwoFactor(ctxFor(db, admin), { required: "off" });
    expect((await db.select().from(portalSettings))[0]!.requireStaffTwoFactor).toBe(false);
  });

  it("confirming enrolment is throttled like sign-in", async () => {
    const user = await givenUser(db, "provider");
    const ctx = { ...ctxFor(db, user), ip: `198.51.100.${Math.floor(Math.random() * 200)}` };
    await beginEnrollment(ctx);
    let refused = 0;
    for (let i = 0; i < 12; i++) {
      try {
        await confirmEnrollment(ctx, { code: "000000" }, T0);
      } catch (e) {
        if (e instanceof RateLimitedError) refused++;
      }
    }
    // The account's 10 attempts per 10 minutes: the 11th and 12th are refused before any code is checked.
    expect(refused).toBe(2);
  });
});

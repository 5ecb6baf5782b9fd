import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generate } from "otplib";
import { and, eq, isNull } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import {
  apiKeys,
  auditEvents,
  invitations,
  organizations,
  outbox,
  passwordResets,
  users,
  userSessions,
} from "@/db/schema";
import { hashApiKey } from "@/db/seed";
import { verifyPassword } from "@/lib/passwords";
import { createTestDatabase } from "@/test/db";
import { ctxFor, FACTORY_PASSWORD, givenProviderOrg, givenUser, givenPlanOrg } from "@/test/given";
import { linkIn, startTestSmtpServer } from "@/test/smtp";
import { authenticateApiKey } from "../api-keys/authenticate-api-key";
import {
  acceptInvitation,
  changePassword,
  peekPasswordReset,
  requestPasswordReset,
  resetPassword,
} from "../account/passwords";
import { ConflictError, ForbiddenError, RateLimitedError, UnauthenticatedError, ValidationError } from "../errors";
import { smtpTransport } from "../outbox/transport";
import { deliverDue } from "../outbox/worker";
import { beginEnrollment, confirmEnrollment, disableTwoFactor, twoFactorStatus } from "../auth/two-factor-enrolment";
import {
  changeRole,
  inviteUser,
  resendInvitation,
  revokeInvitation,
  setUserActive,
  signOutEverywhere,
} from "./accounts";
import { createOrganization, renameOrganization, setOrganizationActive } from "./organizations";

let handle: DatabaseHandle;
let db: Db;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let planId: string;
let admin: typeof users.$inferSelect;
const BASE = "https://portal.example";
const STRONG = "violet-kayak-harbor-37";

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  smtp = await startTestSmtpServer(42122);
  planId = (await givenPlanOrg(db)).id;
  admin = await givenUser(db, "admin", { organizationId: planId });
});
afterAll(async () => {
  await smtp?.close();
  await handle?.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

/** Delivers what is queued through the real SMTP server; returns the messages sent to `to`. */
async function mailTo(to: string) {
  await deliverDue(db, smtpTransport(smtp.url), { limit: 100 });
  return smtp.received.filter((m) => m.to.includes(to));
}
const tokenOf = (link: string) => link.split("/").pop()!;
const openSession = async (userId: string) => {
  const id = crypto.randomUUID();
  await db.insert(userSessions).values({ id, userId });
  return id;
};
const openSessions = async (userId: string) =>
  (
    await db
      .select()
      .from(userSessions)
      .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt)))
  ).map((s) => s.id);
const lastAudit = async (action: string) =>
  (await db.select().from(auditEvents).where(eq(auditEvents.action, action))).at(-1);

describe("organizations", () => {
  it("creates with a valid, unique NPI and TIN; refuses bad input changing nothing; audits before/after", async () => {
    const org = await createOrganization(ctxFor(db, admin), {
      name: "Riverside Pain",
      npi: "1234567893",
      tin: "12-3456789",
    });
    expect(org).toMatchObject({ kind: "provider", npi: "1234567893", tin: "123456789", active: true });
    const before = (await db.select().from(organizations)).length;
    const bad = await createOrganization(ctxFor(db, admin), { name: "X", npi: "1234567890", tin: "123" }).catch(
      (e) => e,
    );
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.issues.map((i: { path: string }) => i.path).sort()).toEqual(["name", "npi", "tin"]);
    const dup = await createOrganization(ctxFor(db, admin), {
      name: "Copy",
      npi: "1234567893",
      tin: "987654321",
    }).catch((e) => e);
    expect(dup.userMessage).toBe("Another organization already has this NPI.");
    expect((await db.select().from(organizations)).length).toBe(before);
    await renameOrganization(ctxFor(db, admin), { organizationId: org.id, name: "Riverside Pain Center" });
    expect((await lastAudit("admin.organization.rename"))!.details).toMatchObject({
      before: { name: "Riverside Pain" },
      after: { name: "Riverside Pain Center" },
    });
  });

  it("deactivating stops its people and API keys at once and keeps its cases", async () => {
    const org = await givenProviderOrg(db);
    const provider = await givenUser(db, "provider", { organizationId: org.id });
    const session = await openSession(provider.id);
    await db.insert(apiKeys).values({
      organizationId: org.id,
      name: "k",
      prefix: "pa_test_deac",
      keyHash: hashApiKey("pa_test_deactivate_key"),
      createdBy: provider.id,
    });
    expect((await authenticateApiKey(db, "Bearer pa_test_deactivate_key")).viewer.userId).toBe(provider.id);
    await setOrganizationActive(ctxFor(db, admin), { organizationId: org.id, active: false });
    expect(await authenticateApiKey(db, "Bearer pa_test_deactivate_key").catch((e) => e)).toBeInstanceOf(
      UnauthenticatedError,
    );
    expect(await openSessions(provider.id)).not.toContain(session);
    expect(
      await setOrganizationActive(ctxFor(db, admin), { organizationId: planId, active: false }).catch((e) => e),
    ).toBeInstanceOf(ConflictError);
  });

  it("refuses every non-admin, audited", async () => {
    for (const role of ["provider", "nurse_reviewer", "auditor"] as const) {
      const someone = await givenUser(db, role);
      expect(
        await createOrganization(ctxFor(db, someone), { name: "Sneaky", npi: "1234567893", tin: "111111111" }).catch(
          (e) => e,
        ),
      ).toBeInstanceOf(ForbiddenError);
      expect(
        await inviteUser(ctxFor(db, someone), { email: "x@example.test", name: "X", role: "admin" }, BASE).catch(
          (e) => e,
        ),
      ).toBeInstanceOf(ForbiddenError);
      const refusals = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorId, someone.id), eq(auditEvents.outcome, "refused")));
      expect(refusals.map((r) => r.action)).toEqual(["organizations.manage", "users.manage"]);
    }
  });
});

describe("invitations", () => {
  it("delivers a single-use link; a weak password changes nothing; the account is created once", async () => {
    const org = await givenProviderOrg(db);
    await inviteUser(
      ctxFor(db, admin),
      { email: "New.Person@Example.test", name: "Nia Newcomer", role: "provider", organizationId: org.id },
      BASE,
    );
    const [mail] = await mailTo("new.person@example.test");
    expect(mail!.subject).toBe("Your invitation to the prior-authorization portal");
    const link = linkIn(mail!);
    expect(link).toMatch(new RegExp(`^${BASE}/invite/[A-Za-z0-9_-]{43}$`));
    const [row] = await db.select().from(invitations).where(eq(invitations.email, "new.person@example.test"));
    expect(row!.tokenHash).not.toContain(tokenOf(link));
    const weak = await acceptInvitation(db, { token: tokenOf(link), password: "password1234" }).catch((e) => e);
    expect(weak).toBeInstanceOf(ValidationError);
    expect(weak.userMessage).toMatch(/too easy to guess/);
    expect(await db.select().from(users).where(eq(users.email, "new.person@example.test"))).toHaveLength(0);
    expect(await acceptInvitation(db, { token: tokenOf(link), password: STRONG })).toEqual({
      email: "new.person@example.test",
      role: "provider",
    });
    const [created] = await db.select().from(users).where(eq(users.email, "new.person@example.test"));
    expect(created).toMatchObject({ organizationId: org.id, role: "provider", active: true });
    expect(await verifyPassword(STRONG, created!.passwordHash)).toBe(true);
    const again = await acceptInvitation(db, { token: tokenOf(link), password: STRONG }).catch((e) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.userMessage).toMatch(/not valid any more/);
  });

  it("refuses the invitee's own name or email as the password, in plain words, and creates nothing", async () => {
    const org = await givenProviderOrg(db);
    await inviteUser(
      ctxFor(db, admin),
      {
        email: "r.featherstonehaugh@example.test",
        name: "Rosalind Featherstonehaugh",
        role: "provider",
        organizationId: org.id,
      },
      BASE,
    );
    const token = tokenOf(linkIn((await mailTo("r.featherstonehaugh@example.test"))[0]!));
    for (const password of [
      "Rosalind Featherstonehaugh",
      "RosalindFeatherstonehaugh",
      "rosalind.featherstonehaugh",
      "Featherstonehaugh-2024",
      "r.featherstonehaugh1",
    ]) {
      const refused = await acceptInvitation(db, { token, password }).catch((e) => e);
      expect(refused, password).toBeInstanceOf(ValidationError);
      expect(refused.userMessage).toBe("Your password can't contain your name or email address.");
    }
    expect(await db.select().from(users).where(eq(users.email, "r.featherstonehaugh@example.test"))).toHaveLength(0);
    expect(await acceptInvitation(db, { token, password: STRONG })).toMatchObject({ role: "provider" });
  });

  it("expires after 72 hours; resend replaces the link; revoke ends it", async () => {
    await inviteUser(ctxFor(db, admin), { email: "late@example.test", name: "Lee Late", role: "nurse_reviewer" }, BASE);
    const first = tokenOf(linkIn((await mailTo("late@example.test"))[0]!));
    const [inv] = await db.select().from(invitations).where(eq(invitations.email, "late@example.test"));
    expect(inv!.expiresAt.getTime() - inv!.createdAt.getTime()).toBeGreaterThan(72 * 3600_000 - 60_000);
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, inv!.id));
    expect(await acceptInvitation(db, { token: first, password: STRONG }).catch((e) => e)).toBeInstanceOf(
      ConflictError,
    );
    smtp.received.length = 0;
    await resendInvitation(ctxFor(db, admin), { invitationId: inv!.id }, BASE);
    const second = tokenOf(linkIn((await mailTo("late@example.test"))[0]!));
    expect(second).not.toBe(first);
    await revokeInvitation(ctxFor(db, admin), { invitationId: inv!.id });
    expect(await acceptInvitation(db, { token: second, password: STRONG }).catch((e) => e)).toBeInstanceOf(
      ConflictError,
    );
    expect(await db.select().from(users).where(eq(users.email, "late@example.test"))).toHaveLength(0);
  });

  it("refuses an existing account's email and a provider without organization", async () => {
    const someone = await givenUser(db, "nurse_reviewer", { organizationId: planId });
    expect(
      (
        await inviteUser(
          ctxFor(db, admin),
          { email: someone.email.toUpperCase(), name: "Dup", role: "nurse_reviewer" },
          BASE,
        ).catch((e) => e)
      ).userMessage,
    ).toBe("An account with this email already exists.");
    expect(
      (
        await inviteUser(ctxFor(db, admin), { email: "p@example.test", name: "P", role: "provider" }, BASE).catch(
          (e) => e,
        )
      ).issues,
    ).toEqual([{ path: "organizationId", message: "Choose the provider's organization." }]);
  });
});

describe("accounts", () => {
  it("never removes the last active admin, nor lets an admin change themselves", async () => {
    const soloPlan = await givenPlanOrg(db);
    const only = await givenUser(db, "admin", { organizationId: soloPlan.id });
    // Two admins exist (the suite's and this one): demote one, then the other is the last.
    await changeRole(ctxFor(db, only), { userId: admin.id, role: "auditor" });
    const last = await changeRole(ctxFor(db, admin), { userId: only.id, role: "auditor" }).catch((e) => e);
    expect(last).toBeInstanceOf(ConflictError);
    expect(last.userMessage).toMatch(/last active administrator/);
    expect(
      (await setUserActive(ctxFor(db, admin), { userId: only.id, active: false }).catch((e) => e)).userMessage,
    ).toMatch(/last active administrator/);
    expect(
      (await changeRole(ctxFor(db, only), { userId: only.id, role: "auditor" }).catch((e) => e)).userMessage,
    ).toMatch(/your own role/);
    await changeRole(ctxFor(db, only), { userId: admin.id, role: "admin" });
    expect((await lastAudit("admin.user.change_role"))!.details).toMatchObject({
      before: { role: "auditor" },
      after: { role: "admin" },
    });
    admin = (await db.select().from(users).where(eq(users.id, admin.id)))[0]!;
  });

  it("deactivating ends every session at once and mails the person; sign-out-everywhere ends them too", async () => {
    const nurse = await givenUser(db, "nurse_reviewer", { organizationId: planId });
    await openSession(nurse.id);
    await openSession(nurse.id);
    await setUserActive(ctxFor(db, admin), { userId: nurse.id, active: false });
    expect(await openSessions(nurse.id)).toEqual([]);
    expect((await mailTo(nurse.email))[0]!.subject).toBe("Your portal account was deactivated");
    await setUserActive(ctxFor(db, admin), { userId: nurse.id, active: true });
    await openSession(nurse.id);
    expect(await signOutEverywhere(ctxFor(db, admin), { userId: nurse.id })).toEqual({ sessionsEnded: 1 });
  });
});

describe("two-factor sign-in", () => {
  it("turning it on and off are each mailed to the person, with no code or secret in the message", async () => {
    const nurse = await givenUser(db, "nurse_reviewer", { organizationId: planId });
    const ctx = ctxFor(db, nurse);
    await beginEnrollment(ctx);
    const secret = (await twoFactorStatus(ctx)).pending!.secret;
    const now = Math.floor(Date.now() / 1000);
    const { recoveryCodes } = await confirmEnrollment(ctx, { code: await generate({ secret, epoch: now }) }, now);
    const [enrolled] = await mailTo(nurse.email);
    expect(enrolled!.subject).toBe("Two-factor sign-in is on for your portal account");
    for (const secretThing of [secret, ...recoveryCodes]) expect(enrolled!.raw).not.toContain(secretThing);
    smtp.received.length = 0;
    await disableTwoFactor(ctx, { password: FACTORY_PASSWORD });
    expect((await mailTo(nurse.email)).map((m) => m.subject)).toEqual([
      "Two-factor sign-in was turned off for your portal account",
    ]);
  });
});

describe("passwords", () => {
  it("forgot password: the same answer for an unknown email; a single-use 30-minute link that ends every session", async () => {
    const person = await givenUser(db, "physician_reviewer", { organizationId: planId, name: "Dr. Reset" });
    const queued = (await db.select().from(outbox)).length;
    await expect(requestPasswordReset(db, { email: "nobody@example.test" }, BASE)).resolves.toBeUndefined();
    expect((await db.select().from(outbox)).length).toBe(queued);
    await expect(requestPasswordReset(db, { email: person.email }, BASE)).resolves.toBeUndefined();
    const link = linkIn((await mailTo(person.email))[0]!);
    const [reset] = await db.select().from(passwordResets).where(eq(passwordResets.userId, person.id));
    expect(reset!.expiresAt.getTime() - reset!.createdAt.getTime()).toBeLessThanOrEqual(30 * 60_000 + 1000);
    await openSession(person.id);
    expect(await resetPassword(db, { token: tokenOf(link), password: "short" }).catch((e) => e)).toBeInstanceOf(
      ValidationError,
    );
    await resetPassword(db, { token: tokenOf(link), password: STRONG });
    expect(
      await verifyPassword(STRONG, (await db.select().from(users).where(eq(users.id, person.id)))[0]!.passwordHash),
    ).toBe(true);
    expect(await openSessions(person.id)).toEqual([]);
    expect(
      await resetPassword(db, { token: tokenOf(link), password: "another-long-phrase-92" }).catch((e) => e),
    ).toBeInstanceOf(ConflictError);
  });

  it("the reset page's check says whether a link still works, without using it up", async () => {
    const person = await givenUser(db, "nurse_reviewer", { organizationId: planId });
    await requestPasswordReset(db, { email: person.email }, BASE);
    const token = tokenOf(linkIn((await mailTo(person.email))[0]!));
    expect(await peekPasswordReset(db, token)).toBe(true);
    expect(await peekPasswordReset(db, token)).toBe(true);
    expect(await peekPasswordReset(db, "not-a-token")).toBe(false);
    expect(await peekPasswordReset(db, "A".repeat(43))).toBe(false);
    expect(await peekPasswordReset(db, token, new Date(Date.now() + 31 * 60_000))).toBe(false);
    await resetPassword(db, { token, password: STRONG });
    expect(await peekPasswordReset(db, token)).toBe(false);
    // A newer link replaces the older one.
    await requestPasswordReset(db, { email: person.email }, BASE);
    const first = tokenOf(linkIn((await mailTo(person.email))[0]!));
    await requestPasswordReset(db, { email: person.email }, BASE);
    const second = tokenOf(linkIn((await mailTo(person.email)).at(-1)!));
    expect(await peekPasswordReset(db, first)).toBe(false);
    expect(await peekPasswordReset(db, second)).toBe(true);
  });

  it("an expired reset link is refused", async () => {
    const person = await givenUser(db, "auditor", { organizationId: planId });
    await requestPasswordReset(db, { email: person.email }, BASE);
    const link = linkIn((await mailTo(person.email))[0]!);
    await db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(passwordResets.userId, person.id));
    expect(await resetPassword(db, { token: tokenOf(link), password: STRONG }).catch((e) => e)).toBeInstanceOf(
      ConflictError,
    );
  });

  it("reset requests are throttled per email", async () => {
    let refused: unknown;
    for (let i = 0; i < 7 && !refused; i++)
      refused = await requestPasswordReset(db, { email: "throttle@example.test" }, BASE, { ip: "10.0.0.9" }).catch(
        (e) => e,
      );
    expect(refused).toBeInstanceOf(RateLimitedError);
  });

  it("change password needs the current one and ends the other sessions only", async () => {
    const person = await givenUser(db, "provider");
    const current = await openSession(person.id);
    const other = await openSession(person.id);
    const ctx = { ...ctxFor(db, person), viewer: { ...ctxFor(db, person).viewer, sessionId: current } };
    expect(
      (await changePassword(ctx, { currentPassword: "wrong", newPassword: STRONG }).catch((e) => e)).userMessage,
    ).toBe("Your current password is not correct.");
    expect(await changePassword(ctx, { currentPassword: "factory-password", newPassword: STRONG })).toEqual({
      sessionsEnded: 1,
    });
    expect(await openSessions(person.id)).toEqual([current]);
    expect(await openSessions(person.id)).not.toContain(other);
  });
});

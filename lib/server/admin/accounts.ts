import "server-only";
import { and, asc, desc, eq, gt, ilike, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, invitations, organizations, users, type Role } from "@/db/schema";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { isPersonRole } from "@/lib/domain";
import { newLinkToken } from "@/lib/tokens";
import {
  accountSearchInput,
  changeRoleInput,
  invitationIdInput,
  inviteUserInput,
  setUserActiveInput,
  userIdInput,
} from "@/lib/validation/account";
import { endSessions } from "../account/sessions";
import { forgetApiKeyIdentities } from "../api-keys/authenticate-api-key";
import { forgetEhrClients } from "../smart/client-cache";
import { parseInput } from "../parse-input";
import { audit, refuseNotFound, requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError, ValidationError } from "../errors";
import { enqueueEmail, wakeOutbox } from "../outbox/enqueue";
import { accountDeactivatedMessage, invitationMessage } from "../outbox/messages";

const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;

/** A percent sign, an underscore or a backslash typed into the search matches itself. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The accounts, or those whose name or email contains `q` (any case); a deactivated account with
 * when and by whom, from its latest deactivation in the audit log (null when none is recorded,
 * e.g. an account created deactivated).
 */
export async function listAccounts(ctx: ServiceContext, input: unknown = {}) {
  await requirePermission(ctx, "users.manage");
  const { q } = parseInput(accountSearchInput, input, "The search");
  const rows = await ctx.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      active: users.active,
      organizationId: users.organizationId,
      organization: organizations.name,
      organizationActive: organizations.active,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(
      and(
        // People only: the policy engine's account is not one anyone administers.
        ne(users.role, "policy_engine"),
        q ? or(ilike(users.name, likePattern(q)), ilike(users.email, likePattern(q))) : undefined,
      ),
    )
    .orderBy(asc(organizations.name), asc(users.email));
  const deactivations = await latestDeactivations(
    ctx.db,
    rows.filter((r) => !r.active).map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, deactivated: r.active ? null : (deactivations.get(r.id) ?? null) }));
}

/** Each account's latest "admin.user.deactivate" event: when, and the administrator's name (null if unknown). */
async function latestDeactivations(db: Db, userIds: string[]) {
  if (!userIds.length) return new Map<string, { at: Date; by: string | null }>();
  const rows = await db
    .selectDistinctOn([auditEvents.targetId], { userId: auditEvents.targetId, at: auditEvents.at, by: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(
      and(
        eq(auditEvents.action, "admin.user.deactivate"),
        eq(auditEvents.targetType, "user"),
        eq(auditEvents.outcome, "ok"),
        inArray(auditEvents.targetId, userIds),
      ),
    )
    .orderBy(auditEvents.targetId, desc(auditEvents.seq));
  return new Map(rows.map((r) => [r.userId!, { at: r.at, by: r.by }]));
}

/** Open invitations (not accepted, not revoked), with whether each has expired. */
export async function listInvitations(ctx: ServiceContext, now = new Date()) {
  await requirePermission(ctx, "users.manage");
  const rows = await ctx.db
    .select({
      id: invitations.id,
      email: invitations.email,
      name: invitations.name,
      role: invitations.role,
      organization: organizations.name,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.createdAt));
  return rows.map((r) => ({ ...r, expired: r.expiresAt <= now }));
}

function inviteLink(baseUrl: string, token: string) {
  return `${baseUrl}/invite/${token}`;
}

/**
 * Invites a person by email: a single-use link valid for 72 hours, only its hash stored, the
 * email queued in the same transaction. Staff roles join the plan's organization; a provider
 * joins the (active) provider organization chosen.
 */
export async function inviteUser(ctx: ServiceContext, input: unknown, baseUrl: string) {
  await requirePermission(ctx, "users.manage");
  const data = parseInput(inviteUserInput, input, "The invitation");
  const result = await withTransaction(ctx, async (tx) => {
    const organizationId = await organizationForRole(tx, data.role, data.organizationId);
    const email = data.email.toLowerCase();
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(sql`lower(${users.email})`, email))
      .limit(1);
    if (existing)
      throw new ValidationError("An account with this email already exists.", [
        { path: "email", message: "An account with this email already exists." },
      ]);
    const [open] = await tx
      .select({ id: invitations.id })
      .from(invitations)
      .where(
        and(
          eq(sql`lower(${invitations.email})`, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .limit(1);
    if (open)
      throw new ValidationError("This email already has an open invitation: resend or revoke it below.", [
        { path: "email", message: "This email already has an open invitation." },
      ]);
    const { token, hash } = newLinkToken();
    const [invitation] = await tx
      .insert(invitations)
      .values({
        email,
        name: data.name,
        role: data.role,
        organizationId,
        tokenHash: hash,
        invitedBy: ctx.viewer.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning();
    await queueInvitationEmail(tx, invitation!, token, baseUrl);
    await audit(tx, ctx, {
      action: "admin.invitation.create",
      targetType: "invitation",
      targetId: invitation!.id,
      details: { after: { email, role: data.role, organizationId } },
    });
    return invitation!;
  });
  wakeOutbox();
  return result;
}

async function organizationForRole(tx: Db, role: Role, organizationId: string | undefined): Promise<string> {
  const kind = role === "provider" ? "provider" : "plan";
  const [org] = await tx
    .select({ id: organizations.id, active: organizations.active })
    .from(organizations)
    .where(
      and(
        eq(organizations.kind, kind),
        role === "provider"
          ? eq(organizations.id, organizationId ?? "00000000-0000-0000-0000-000000000000")
          : undefined,
      ),
    )
    .orderBy(asc(organizations.createdAt))
    .limit(1);
  if (!org)
    throw new ValidationError(
      role === "provider" ? "Choose a provider organization." : "The plan organization is missing.",
      [{ path: "organizationId", message: "Choose a provider organization." }],
    );
  if (!org.active)
    throw new ValidationError("This organization is deactivated.", [
      { path: "organizationId", message: "This organization is deactivated." },
    ]);
  return org.id;
}

async function queueInvitationEmail(
  tx: Db,
  invitation: typeof invitations.$inferSelect,
  token: string,
  baseUrl: string,
) {
  const [org] = await tx
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, invitation.organizationId));
  await enqueueEmail(
    tx,
    "invitation",
    invitation.email,
    invitationMessage(invitation.name, org?.name ?? "", ROLE_LABELS[invitation.role], inviteLink(baseUrl, token)),
  );
}

/** A fresh link (the old one stops working) and a new 72 hours. */
export async function resendInvitation(ctx: ServiceContext, input: unknown, baseUrl: string) {
  await requirePermission(ctx, "users.manage");
  const { invitationId } = parseInput(invitationIdInput, input);
  const result = await withTransaction(ctx, async (tx) => {
    const { token, hash } = newLinkToken();
    const [row] = await tx
      .update(invitations)
      .set({ tokenHash: hash, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) })
      .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning();
    if (!row) return refuseNotFound(ctx, "admin.invitation.resend", { type: "open invitation", id: invitationId }, tx);
    await queueInvitationEmail(tx, row, token, baseUrl);
    await audit(tx, ctx, {
      action: "admin.invitation.resend",
      targetType: "invitation",
      targetId: invitationId,
      details: { after: { expiresAt: row.expiresAt.toISOString() } },
    });
    return row;
  });
  wakeOutbox();
  return result;
}

export async function revokeInvitation(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "users.manage");
  const { invitationId } = parseInput(invitationIdInput, input);
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    if (!row) return refuseNotFound(ctx, "admin.invitation.revoke", { type: "open invitation", id: invitationId }, tx);
    await audit(tx, ctx, {
      action: "admin.invitation.revoke",
      targetType: "invitation",
      targetId: invitationId,
      details: { before: { open: true }, after: { open: false } },
    });
    return row;
  });
}

/** Locks the user's row and, when the change would remove an active admin, checks one other stays. */
async function lockTarget(
  tx: Db,
  ctx: ServiceContext,
  action: string,
  userId: string,
  removesAdmin: (u: typeof users.$inferSelect) => boolean,
) {
  if (userId === ctx.viewer.userId)
    throw new ConflictError("You cannot change your own role or deactivate yourself; ask another administrator.");
  // Lock every active admin row first (in a fixed order), so two admins demoting each other at once cannot both succeed.
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true)))
    .orderBy(asc(users.id))
    .for("update");
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  // The policy engine's account is nobody's to change (it signs automated approvals): as unknown.
  if (!user || !isPersonRole(user.role)) return refuseNotFound(ctx, action, { type: "user", id: userId }, tx);
  if (removesAdmin(user) && admins.filter((a) => a.id !== user.id).length === 0)
    throw new ConflictError("This is the last active administrator; make someone else an administrator first.");
  return user;
}

/** Takes effect on the person's next request: the viewer's role is re-read from the database every time. */
export async function changeRole(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "users.manage");
  const { userId, role } = parseInput(changeRoleInput, input);
  return withTransaction(ctx, async (tx) => {
    const user = await lockTarget(
      tx,
      ctx,
      "admin.user.change_role",
      userId,
      (u) => u.role === "admin" && u.active && role !== "admin",
    );
    if (user.role === role) return user;
    const [org] = await tx
      .select({ kind: organizations.kind })
      .from(organizations)
      .where(eq(organizations.id, user.organizationId));
    if ((role === "provider") !== (org?.kind === "provider")) {
      throw new ValidationError(
        role === "provider"
          ? "Only a person in a provider organization can be a provider; invite them there."
          : "A provider organization's person can only be a provider; invite staff to the plan.",
        [{ path: "role", message: "Not possible for this organization." }],
      );
    }
    const [updated] = await tx
      .update(users)
      .set({ role })
      .where(and(eq(users.id, userId), eq(users.role, user.role)))
      .returning();
    await audit(tx, ctx, {
      action: "admin.user.change_role",
      targetType: "user",
      targetId: userId,
      details: { before: { role: user.role }, after: { role } },
    });
    return updated!;
  });
}

/** Deactivating ends every session at once and tells the person by email; reactivating lets them sign in again. */
export async function setUserActive(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "users.manage");
  const { userId, active } = parseInput(setUserActiveInput, input);
  const result = await withTransaction(ctx, async (tx) => {
    const user = await lockTarget(
      tx,
      ctx,
      "admin.user.set_active",
      userId,
      (u) => u.role === "admin" && u.active && !active,
    );
    if (user.active === active) return user;
    const [updated] = await tx
      .update(users)
      .set({ active })
      .where(and(eq(users.id, userId), eq(users.active, !active)))
      .returning();
    const sessionsEnded = active ? 0 : await endSessions(tx, userId, "account deactivated");
    if (!active) await enqueueEmail(tx, "account_deactivated", user.email, accountDeactivatedMessage());
    await audit(tx, ctx, {
      action: active ? "admin.user.reactivate" : "admin.user.deactivate",
      targetType: "user",
      targetId: userId,
      details: { before: { active: user.active }, after: { active }, sessionsEnded },
    });
    return updated!;
  });
  forgetApiKeyIdentities(); // a deactivated provider's keys are refused at once
  forgetEhrClients(); // and the EHR clients acting as them
  wakeOutbox();
  return result;
}

export async function signOutEverywhere(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "users.manage");
  const { userId } = parseInput(userIdInput, input);
  return withTransaction(ctx, async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!user) return refuseNotFound(ctx, "admin.user.sign_out_everywhere", { type: "user", id: userId }, tx);
    const sessionsEnded = await endSessions(tx, userId, "signed out everywhere by an administrator");
    await audit(tx, ctx, {
      action: "admin.user.sign_out_everywhere",
      targetType: "user",
      targetId: userId,
      details: { sessionsEnded },
    });
    return { sessionsEnded };
  });
}

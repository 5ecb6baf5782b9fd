import "server-only";
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reviewerCredentials, users } from "@/db/schema";
import { addCredentialInput, credentialIdInput, editCredentialInput } from "@/lib/validation/account";
import { parseInput } from "../parse-input";
import { audit, refuseNotFound, requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError, ValidationError } from "../errors";

/** Today's date in UTC as YYYY-MM-DD (a licence valid until a date is valid through that day). */
const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

export async function listCredentials(ctx: ServiceContext, now = new Date()) {
  await requirePermission(ctx, "users.manage");
  const rows = await ctx.db
    .select({ credential: reviewerCredentials, name: users.name, email: users.email, role: users.role })
    .from(reviewerCredentials)
    .innerJoin(users, eq(users.id, reviewerCredentials.userId))
    .where(isNull(reviewerCredentials.removedAt))
    .orderBy(asc(users.name), desc(reviewerCredentials.validUntil));
  return rows.map((r) => ({
    ...r.credential,
    name: r.name,
    email: r.email,
    role: r.role,
    expired: r.credential.validUntil < todayUtc(now),
  }));
}

/** The viewer's own licences (reviewers see theirs, with the expired ones marked); null for roles without licences. */
export async function myCredentials(ctx: ServiceContext, now = new Date()) {
  if (!LICENSED_ROLES.includes(ctx.viewer.role)) return null;
  const rows = await ctx.db
    .select()
    .from(reviewerCredentials)
    .where(and(eq(reviewerCredentials.userId, ctx.viewer.userId), isNull(reviewerCredentials.removedAt)))
    .orderBy(desc(reviewerCredentials.validUntil));
  return rows.map((r) => ({ ...r, expired: r.validUntil < todayUtc(now) }));
}

const LICENSED_ROLES: readonly string[] = ["physician_reviewer", "nurse_reviewer"];

/** Active reviewers an admin may add a licence for. */
export async function credentialHolders(ctx: ServiceContext) {
  await requirePermission(ctx, "users.manage");
  return ctx.db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.active, true), inArray(users.role, ["physician_reviewer", "nurse_reviewer"])))
    .orderBy(asc(users.name));
}

/** The warning a physician sees on a case they could otherwise deny or decide: null when their licence is current (or they are not a physician). */
export async function viewerLicenceWarning(ctx: ServiceContext): Promise<string | null> {
  if (ctx.viewer.role !== "physician_reviewer") return null;
  return (await physicianLicenceStanding(ctx.db, ctx.viewer.userId)).message;
}

export async function addCredential(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "users.manage");
  const data = parseInput(addCredentialInput, input, "credential", { sentences: true });
  return withTransaction(ctx, async (tx) => {
    const [user] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, data.userId));
    if (!user) return refuseNotFound(ctx, "admin.credential.add", { type: "user", id: data.userId }, tx);
    if (!LICENSED_ROLES.includes(user.role))
      throw new ValidationError("Credentials are for nurse and physician reviewers.", [
        { path: "userId", message: "Not a reviewer." },
      ]);
    if (user.role === "physician_reviewer" && data.licenceType === "RN")
      throw new ValidationError("A physician reviewer's licence is MD or DO.", [
        { path: "licenceType", message: "Choose MD or DO." },
      ]);
    const [row] = await tx.insert(reviewerCredentials).values(data).returning();
    const { licenceType, licenceNumber, state, specialty, validUntil } = row!;
    await audit(tx, ctx, {
      action: "admin.credential.add",
      targetType: "user",
      targetId: data.userId,
      details: { after: { credentialId: row!.id, licenceType, licenceNumber, state, specialty, validUntil } },
    });
    return row!;
  });
}

/**
 * Corrects a licence's number, state or last valid day (a renewal, a typo), audited with what it
 * was and what it became. A removed licence cannot be edited; nothing changed writes nothing.
 */
export async function editCredential(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "users.manage");
  const { credentialId, ...next } = parseInput(editCredentialInput, input, "licence", { sentences: true });
  return withTransaction(ctx, async (tx) => {
    const [current] = await tx
      .select()
      .from(reviewerCredentials)
      .where(and(eq(reviewerCredentials.id, credentialId), isNull(reviewerCredentials.removedAt)));
    if (!current) return refuseNotFound(ctx, "admin.credential.edit", { type: "credential", id: credentialId }, tx);
    const before = { licenceNumber: current.licenceNumber, state: current.state, validUntil: current.validUntil };
    if (
      before.licenceNumber === next.licenceNumber &&
      before.state === next.state &&
      before.validUntil === next.validUntil
    )
      return current;
    // Only if it is still as read: removed or changed by someone else meanwhile, nothing is written.
    const [row] = await tx
      .update(reviewerCredentials)
      .set(next)
      .where(
        and(
          eq(reviewerCredentials.id, credentialId),
          isNull(reviewerCredentials.removedAt),
          eq(reviewerCredentials.licenceNumber, before.licenceNumber),
          eq(reviewerCredentials.state, before.state),
          eq(reviewerCredentials.validUntil, before.validUntil),
        ),
      )
      .returning();
    if (!row)
      throw new ConflictError("This licence was changed or removed meanwhile; reload the page to see it as it is now.");
    await audit(tx, ctx, {
      action: "admin.credential.edit",
      targetType: "user",
      targetId: row.userId,
      details: { credentialId, before, after: next },
    });
    return row;
  });
}

export async function removeCredential(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "users.manage");
  const { credentialId } = parseInput(credentialIdInput, input);
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx
      .update(reviewerCredentials)
      .set({ removedAt: new Date() })
      .where(and(eq(reviewerCredentials.id, credentialId), isNull(reviewerCredentials.removedAt)))
      .returning();
    if (!row) return refuseNotFound(ctx, "admin.credential.remove", { type: "credential", id: credentialId }, tx);
    await audit(tx, ctx, {
      action: "admin.credential.remove",
      targetType: "user",
      targetId: row.userId,
      details: { before: { credentialId, licenceType: row.licenceType, validUntil: row.validUntil }, after: null },
    });
    return row;
  });
}

export interface LicenceStanding {
  current: boolean;
  /** Why not, in words for the physician (null when current). */
  message: string | null;
}

/** Whether the user holds a current MD or DO licence, the condition for denying and deciding appeals. */
export async function physicianLicenceStanding(db: Db, userId: string, now = new Date()): Promise<LicenceStanding> {
  const rows = await db
    .select({ validUntil: reviewerCredentials.validUntil })
    .from(reviewerCredentials)
    .where(
      and(
        eq(reviewerCredentials.userId, userId),
        isNull(reviewerCredentials.removedAt),
        inArray(reviewerCredentials.licenceType, ["MD", "DO"]),
      ),
    )
    .orderBy(desc(reviewerCredentials.validUntil))
    .limit(1);
  const latest = rows[0]?.validUntil;
  if (latest && latest >= todayUtc(now)) return { current: true, message: null };
  return {
    current: false,
    message: latest
      ? `Your MD/DO licence on file expired on ${latest}. Denials and appeal decisions need a current one: ask an administrator to update it.`
      : "You have no MD or DO licence on file. Denials and appeal decisions need a current one: ask an administrator to add it.",
  };
}

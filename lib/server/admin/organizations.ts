import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { organizations, userSessions, users } from "@/db/schema";
import { createOrganizationInput, renameOrganizationInput, setOrganizationActiveInput } from "@/lib/validation/account";
import { parseInput } from "../parse-input";
import { forgetApiKeyIdentities } from "../api-keys/authenticate-api-key";
import { forgetEhrClients } from "../smart/client-cache";
import { audit, refuseNotFound, requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError, ValidationError } from "../errors";

export async function listOrganizations(ctx: ServiceContext) {
  await requirePermission(ctx, "organizations.manage");
  const [orgs, counts] = await Promise.all([
    ctx.db
      .select({
        id: organizations.id,
        name: organizations.name,
        kind: organizations.kind,
        npi: organizations.npi,
        tin: organizations.tin,
        active: organizations.active,
      })
      .from(organizations)
      .orderBy(asc(organizations.kind), asc(organizations.name)),
    ctx.db
      .select({ organizationId: users.organizationId, n: count() })
      .from(users)
      .where(eq(users.active, true))
      .groupBy(users.organizationId),
  ]);
  const active = new Map(counts.map((c) => [c.organizationId, Number(c.n)]));
  return orgs.map((o) => ({ ...o, users: active.get(o.id) ?? 0 }));
}

function slugOf(name: string): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "org";
  return `${base}-${randomBytes(3).toString("hex")}`;
}

/** A new provider practice; NPI and TIN are unique across organizations (a clear message names which). */
export async function createOrganization(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "organizations.manage");
  const data = parseInput(createOrganizationInput, input, "The organization");
  return withTransaction(ctx, async (tx) => {
    const clash = await tx
      .select({ npi: organizations.npi, tin: organizations.tin })
      .from(organizations)
      .where(sql`${organizations.npi} = ${data.npi} or ${organizations.tin} = ${data.tin}`);
    const issues = [
      ...(clash.some((c) => c.npi === data.npi)
        ? [{ path: "npi", message: "Another organization already has this NPI." }]
        : []),
      ...(clash.some((c) => c.tin === data.tin)
        ? [{ path: "tin", message: "Another organization already has this TIN." }]
        : []),
    ];
    if (issues.length) throw new ValidationError(issues.map((i) => i.message).join(" "), issues);
    const [org] = await tx
      .insert(organizations)
      .values({ name: data.name, slug: slugOf(data.name), kind: "provider", npi: data.npi, tin: data.tin })
      .returning();
    await audit(tx, ctx, {
      action: "admin.organization.create",
      targetType: "organization",
      targetId: org!.id,
      details: { after: { name: org!.name, npi: org!.npi, tin: org!.tin } },
    });
    return org!;
  });
}

export async function renameOrganization(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "organizations.manage");
  const { organizationId, name } = parseInput(renameOrganizationInput, input, "The organization");
  return withTransaction(ctx, async (tx) => {
    const [before] = await tx.select().from(organizations).where(eq(organizations.id, organizationId)).for("update");
    if (!before)
      return refuseNotFound(ctx, "admin.organization.rename", { type: "organization", id: organizationId }, tx);
    if (before.name === name) return before;
    const [org] = await tx.update(organizations).set({ name }).where(eq(organizations.id, organizationId)).returning();
    await audit(tx, ctx, {
      action: "admin.organization.rename",
      targetType: "organization",
      targetId: organizationId,
      details: { before: { name: before.name }, after: { name } },
    });
    return org!;
  });
}

/**
 * Deactivates (or reactivates) a provider organization. Its people are refused on their next
 * request (the viewer query requires an active organization) and their sessions end; its API
 * keys are refused at once; its cases stay as they are for reviewers and auditors.
 */
export async function setOrganizationActive(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "organizations.manage");
  const { organizationId, active } = parseInput(setOrganizationActiveInput, input, "The organization");
  const changed = await withTransaction(ctx, async (tx) => {
    const [before] = await tx.select().from(organizations).where(eq(organizations.id, organizationId)).for("update");
    if (!before)
      return refuseNotFound(ctx, "admin.organization.set_active", { type: "organization", id: organizationId }, tx);
    if (before.kind === "plan") throw new ConflictError("The health plan's own organization cannot be deactivated.");
    if (before.active === active) return before;
    const [org] = await tx
      .update(organizations)
      .set({ active })
      .where(and(eq(organizations.id, organizationId), eq(organizations.active, !active)))
      .returning();
    let sessionsEnded = 0;
    if (!active) {
      const ended = await tx
        .update(userSessions)
        .set({ endedAt: new Date(), endedReason: "organization deactivated" })
        .where(
          sql`${userSessions.endedAt} is null and ${userSessions.userId} in (select ${users.id} from ${users} where ${users.organizationId} = ${organizationId})`,
        )
        .returning({ id: userSessions.id });
      sessionsEnded = ended.length;
    }
    await audit(tx, ctx, {
      action: active ? "admin.organization.reactivate" : "admin.organization.deactivate",
      targetType: "organization",
      targetId: organizationId,
      details: { before: { active: before.active }, after: { active }, sessionsEnded },
    });
    return org!;
  });
  forgetApiKeyIdentities(); // the organization's keys are refused at once
  forgetEhrClients(); // and its EHR clients
  return changed;
}

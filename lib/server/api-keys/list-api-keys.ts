import "server-only";
import { asc, desc, eq } from "drizzle-orm";
import { apiKeys, organizations, users } from "@/db/schema";
import { requirePermission, type ServiceContext } from "../context";

const columns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdBy: users.name,
};

/** The organization's keys (never the keys themselves: only their first characters). */
export async function listApiKeys(ctx: ServiceContext) {
  await requirePermission(ctx, "apikey.manage");
  return ctx.db
    .select(columns)
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.organizationId, ctx.viewer.organizationId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Every organization's keys, for the administrator (never the secret). */
export async function listAllApiKeys(ctx: ServiceContext) {
  await requirePermission(ctx, "apikey.admin");
  return ctx.db
    .select({ ...columns, organization: organizations.name })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(asc(organizations.name), desc(apiKeys.createdAt));
}

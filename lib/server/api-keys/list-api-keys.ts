import "server-only";
import { desc, eq } from "drizzle-orm";
import { apiKeys, users } from "@/db/schema";
import { requirePermission, type ServiceContext } from "../context";

/** The organization's keys (never the keys themselves: only their first characters). */
export async function listApiKeys(ctx: ServiceContext) {
  await requirePermission(ctx, "apikey.manage");
  return ctx.db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt, createdBy: users.name })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.organizationId, ctx.viewer.organizationId))
    .orderBy(desc(apiKeys.createdAt));
}

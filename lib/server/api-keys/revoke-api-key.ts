import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { apiKeys } from "@/db/schema";
import { revokeApiKeyInput } from "@/lib/validation/case-input";
import { audit, refuseNotFound, requirePermission, withTransaction, type ServiceContext } from "../context";
import { parseInput } from "../parse-input";

/** Revokes one of the organization's keys; requests with it are refused (401) from then on. */
export async function revokeApiKey(ctx: ServiceContext, input: unknown): Promise<{ id: string; revokedAt: Date }> {
  await requirePermission(ctx, "apikey.manage");
  const { keyId } = parseInput(revokeApiKeyInput, input);
  const [key] = await ctx.db.select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt }).from(apiKeys).where(and(eq(apiKeys.id, keyId), eq(apiKeys.organizationId, ctx.viewer.organizationId)));
  if (!key) return refuseNotFound(ctx, "apikey.revoke", { type: "api_key", id: keyId });
  if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt };
  return withTransaction(ctx, async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.organizationId, ctx.viewer.organizationId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, revokedAt: apiKeys.revokedAt });
    await audit(tx, ctx, { action: "apikey.revoke", targetType: "api_key", targetId: keyId, details: {} });
    return { id: keyId, revokedAt: row?.revokedAt ?? now };
  });
}

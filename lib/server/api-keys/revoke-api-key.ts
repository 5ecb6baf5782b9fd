import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { apiKeys } from "@/db/schema";
import { revokeApiKeyInput } from "@/lib/validation/case-input";
import { audit, refuseNotFound, requirePermission, withTransaction, type ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { forgetApiKeyIdentities } from "./authenticate-api-key";

/** Revokes one of the organization's keys; requests with it are refused (401) from then on. */
export async function revokeApiKey(ctx: ServiceContext, input: unknown): Promise<{ id: string; revokedAt: Date }> {
  await requirePermission(ctx, "apikey.manage");
  return revoke(ctx, parseInput(revokeApiKeyInput, input).keyId, ctx.viewer.organizationId, "apikey.revoke");
}

/** The administrator revokes any organization's key (e.g. a leaked one, or a practice that left). */
export async function revokeAnyApiKey(ctx: ServiceContext, input: unknown): Promise<{ id: string; revokedAt: Date }> {
  await requirePermission(ctx, "apikey.admin");
  return revoke(ctx, parseInput(revokeApiKeyInput, input).keyId, null, "admin.apikey.revoke");
}

async function revoke(ctx: ServiceContext, keyId: string, organizationId: string | null, action: string) {
  const inScope = and(eq(apiKeys.id, keyId), organizationId ? eq(apiKeys.organizationId, organizationId) : undefined);
  const [key] = await ctx.db
    .select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt, organizationId: apiKeys.organizationId })
    .from(apiKeys)
    .where(inScope);
  if (!key) return refuseNotFound(ctx, action, { type: "api_key", id: keyId });
  if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt };
  const revoked = await withTransaction(ctx, async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(inScope, isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, revokedAt: apiKeys.revokedAt });
    await audit(tx, ctx, {
      action,
      targetType: "api_key",
      targetId: keyId,
      details: { organizationId: key.organizationId, before: { revoked: false }, after: { revoked: true } },
    });
    return { id: keyId, revokedAt: row?.revokedAt ?? now };
  });
  // Committed: this instance refuses the key from its next request on (others within seconds).
  forgetApiKeyIdentities();
  return revoked;
}

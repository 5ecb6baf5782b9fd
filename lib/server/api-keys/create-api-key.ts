import "server-only";
import { randomBytes } from "node:crypto";
import { apiKeys } from "@/db/schema";
import { hashApiKey } from "@/db/seed";
import { createApiKeyInput } from "@/lib/validation/case-input";
import { audit, requirePermission, withTransaction, type ServiceContext } from "../context";
import { parseInput } from "../parse-input";

/**
 * Creates an API key for the viewer's organization. The key itself is returned ONCE (shown to
 * the person who created it); only its SHA-256 is stored.
 */
export async function createApiKey(
  ctx: ServiceContext,
  input: unknown,
): Promise<{ id: string; name: string; prefix: string; key: string }> {
  await requirePermission(ctx, "apikey.manage");
  const { name } = parseInput(createApiKeyInput, input);
  const key = `pa_live_${randomBytes(24).toString("base64url")}`;
  const prefix = key.slice(0, 12);
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        organizationId: ctx.viewer.organizationId,
        name,
        prefix,
        keyHash: hashApiKey(key),
        createdBy: ctx.viewer.userId,
      })
      .returning({ id: apiKeys.id });
    await audit(tx, ctx, { action: "apikey.create", targetType: "api_key", targetId: row!.id, details: { prefix } });
    return { id: row!.id, name, prefix, key };
  });
}

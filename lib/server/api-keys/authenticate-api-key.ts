import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, organizations, users } from "@/db/schema";
import { hashApiKey } from "@/db/seed";
import type { ServiceContext } from "../context";
import { UnauthenticatedError } from "../errors";

/**
 * Turns `Authorization: Bearer <key>` into a ServiceContext (via "api") acting for the key's
 * organization with the provider role.
 *
 * Who acts: the key's creator. A key whose creator is no longer an active provider of the
 * organization (left, deactivated, changed role) is refused (401): it must not silently act as
 * another person; someone with access creates a new key. Only keys without a creator (seeded
 * demo keys) act as the organization's earliest active provider account. The audit trail
 * therefore names a real person responsible for the integration, and records `via: "api"` and
 * the key id. No active provider: the key is refused.
 */
export async function authenticateApiKey(db: Db, authorization: string | null, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<ServiceContext & { apiKeyId: string }> {
  const match = /^Bearer\s+(\S{8,200})\s*$/i.exec(authorization ?? "");
  if (!match) throw new UnauthenticatedError("Send your API key as 'Authorization: Bearer <key>'.");
  const [key] = await db
    .select({ id: apiKeys.id, organizationId: apiKeys.organizationId, createdBy: apiKeys.createdBy })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(match[1]!)), isNull(apiKeys.revokedAt), eq(organizations.kind, "provider"), eq(organizations.active, true)))
    .limit(1);
  if (!key) throw new UnauthenticatedError("This API key is not valid or was revoked.");
  const active = and(eq(users.organizationId, key.organizationId), eq(users.role, "provider"), eq(users.active, true));
  const [creator] = key.createdBy
    ? await db.select({ userId: users.id, name: users.name, email: users.email }).from(users).where(and(eq(users.id, key.createdBy), active)).limit(1)
    : [];
  if (key.createdBy && !creator) throw new UnauthenticatedError("This API key's owner no longer has access; create a new key.");
  const [actor] = creator
    ? [creator]
    : await db.select({ userId: users.id, name: users.name, email: users.email }).from(users).where(active).orderBy(asc(users.createdAt)).limit(1);
  if (!actor) throw new UnauthenticatedError("This API key's organization has no active provider account.");
  // Last use is informational; a failure to record it must not refuse the request.
  await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, key.id)).catch(() => undefined);
  return {
    db,
    viewer: { userId: actor.userId, role: "provider", organizationId: key.organizationId, name: `${actor.name} (API)`, email: actor.email },
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
    via: "api",
    apiKeyId: key.id,
  };
}

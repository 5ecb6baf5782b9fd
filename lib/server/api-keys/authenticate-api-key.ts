import "server-only";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
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
  // One query per call: the key, its organization and who acts (its creator while still an
  // active provider there; for a seeded key without creator, the earliest active provider).
  const result = await db.execute(sql`
    select k.id, k.organization_id as "organizationId", k.created_by as "createdBy", a.id as "userId", a.name, a.email
    from ${apiKeys} k
    join ${organizations} o on o.id = k.organization_id and o.kind = 'provider' and o.active
    left join lateral (
      select u.id, u.name, u.email from ${users} u
      where u.organization_id = k.organization_id and u.role = 'provider' and u.active and (k.created_by is null or u.id = k.created_by)
      order by u.created_at limit 1
    ) a on true
    where k.key_hash = ${hashApiKey(match[1]!)} and k.revoked_at is null
    limit 1`);
  const [key] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { id: string; organizationId: string; createdBy: string | null; userId: string | null; name: string; email: string }[];
  if (!key) throw new UnauthenticatedError("This API key is not valid or was revoked.");
  if (!key.userId)
    throw new UnauthenticatedError(key.createdBy ? "This API key's owner no longer has access; create a new key." : "This API key's organization has no active provider account.");
  recordLastUse(db, key.id);
  return {
    db,
    viewer: { userId: key.userId, role: "provider", organizationId: key.organizationId, name: `${key.name} (API)`, email: key.email },
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
    via: "api",
    apiKeyId: key.id,
  };
}

const LAST_USE_EVERY_MS = 60_000;
const lastUseRecorded = ((globalThis as unknown as { __apiKeyLastUse?: Map<string, number> }).__apiKeyLastUse ??= new Map());

/**
 * Last use is informational: recorded at most once a minute per key, off the request's path (a
 * failure must not refuse the request), and only when the stored time is a minute old, so
 * concurrent calls and other instances do not queue on the key's row.
 */
function recordLastUse(db: Db, keyId: string): void {
  const now = Date.now();
  if (now - (lastUseRecorded.get(keyId) ?? 0) < LAST_USE_EVERY_MS) return;
  lastUseRecorded.set(keyId, now);
  if (lastUseRecorded.size > 10_000) lastUseRecorded.clear();
  db.update(apiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(and(eq(apiKeys.id, keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now - LAST_USE_EVERY_MS)))))
    .catch(() => lastUseRecorded.delete(keyId));
}

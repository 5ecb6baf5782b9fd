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
 *
 * With `cache` (the JSON API passes `apiKeyCache()`), a key found valid in the last few seconds
 * is not looked up again; see ApiKeyCache for how revocation still takes effect.
 */
export async function authenticateApiKey(
  db: Db,
  authorization: string | null,
  meta: { ip?: string | null; userAgent?: string | null } = {},
  cache?: ApiKeyCache,
): Promise<ServiceContext & { apiKeyId: string }> {
  const match = /^Bearer\s+(\S{8,200})\s*$/i.exec(authorization ?? "");
  if (!match) throw new UnauthenticatedError("Send your API key as 'Authorization: Bearer <key>'.");
  const keyHash = hashApiKey(match[1]!);
  let key = cache?.get(keyHash);
  if (!key) {
    const epoch = cache?.epoch;
    key = await lookUp(db, keyHash);
    cache?.set(keyHash, key, epoch!);
  }
  recordLastUse(db, key.id);
  return {
    db,
    viewer: {
      userId: key.userId,
      role: "provider",
      organizationId: key.organizationId,
      name: `${key.name} (API)`,
      email: key.email,
    },
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
    via: "api",
    apiKeyId: key.id,
  };
}

/** Who a valid key acts as. */
export interface KeyIdentity {
  id: string;
  organizationId: string;
  userId: string;
  name: string;
  email: string;
}

async function lookUp(db: Db, keyHash: string): Promise<KeyIdentity> {
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
    where k.key_hash = ${keyHash} and k.revoked_at is null
    limit 1`);
  const [key] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    id: string;
    organizationId: string;
    createdBy: string | null;
    userId: string | null;
    name: string;
    email: string;
  }[];
  if (!key) throw new UnauthenticatedError("This API key is not valid or was revoked.");
  if (!key.userId)
    throw new UnauthenticatedError(
      key.createdBy
        ? "This API key's owner no longer has access; create a new key."
        : "This API key's organization has no active provider account.",
    );
  return { id: key.id, organizationId: key.organizationId, userId: key.userId, name: key.name, email: key.email };
}

/**
 * A short-lived memory of valid keys (by hash), so a busy integration does not cost a query per
 * call. Only successes are kept (a wrong or revoked key always reaches the database), each for
 * `ttlMs` (API_KEY_CACHE_SECONDS, default 5; 0 turns it off). Revocation therefore takes effect:
 * - on the instance that made the change, at once: every change that can refuse a key (revoking
 *   it, deactivating its creator or its organization; a provider's role cannot change) calls
 *   `forgetApiKeyIdentities()` after its commit, which empties the memory and moves the epoch on, so
 *   a lookup that started before the commit cannot store what it read;
 * - on every other instance, within `ttlMs`, when its entry expires.
 */
export class ApiKeyCache {
  private entries = new Map<string, { key: KeyIdentity; until: number }>();
  epoch = 0;
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(keyHash: string): KeyIdentity | undefined {
    const hit = this.entries.get(keyHash);
    if (!hit) return undefined;
    if (hit.until > this.now()) return hit.key;
    this.entries.delete(keyHash);
    return undefined;
  }

  /** Keeps what a lookup read, unless something was revoked since it started (`epoch` then). */
  set(keyHash: string, key: KeyIdentity, epoch: number): void {
    if (this.ttlMs <= 0 || epoch !== this.epoch) return;
    if (this.entries.size >= 10_000) this.entries.clear();
    this.entries.set(keyHash, { key, until: this.now() + this.ttlMs });
  }

  forget(): void {
    this.epoch++;
    this.entries.clear();
  }
}

const globalCache = globalThis as unknown as { __apiKeyCache?: ApiKeyCache };

/** This process's memory of valid keys (the JSON API's routes use it). */
export function apiKeyCache(): ApiKeyCache {
  return (globalCache.__apiKeyCache ??= new ApiKeyCache(1000 * Number(process.env.API_KEY_CACHE_SECONDS ?? 5)));
}

/** After a committed change that may refuse a key: this instance stops trusting what it remembers. */
export function forgetApiKeyIdentities(): void {
  globalCache.__apiKeyCache?.forget();
}

const LAST_USE_EVERY_MS = 60_000;
const lastUseRecorded = ((globalThis as unknown as { __apiKeyLastUse?: Map<string, number> }).__apiKeyLastUse ??=
  new Map());

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
    .where(
      and(
        eq(apiKeys.id, keyId),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now - LAST_USE_EVERY_MS))),
      ),
    )
    .catch(() => lastUseRecorded.delete(keyId));
}

import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ehrClients, organizations, users } from "@/db/schema";

/** A registered EHR as the token endpoint and the FHIR routes need it. */
export interface EhrClient {
  id: string;
  clientId: string;
  organizationId: string;
  name: string;
  jwksUrl: string | null;
  jwks: { keys: Record<string, unknown>[] } | null;
  cdsHooksIssuer: string | null;
  scopes: string[];
  /** Who acts: the registration's responsible provider, while active there (null: nobody may act). */
  actingUser: { id: string; name: string; email: string } | null;
}

const TTL_MS = 1000 * Number(process.env.API_KEY_CACHE_SECONDS ?? 5);
const cache = ((
  globalThis as unknown as { __ehrClients?: Map<string, { client: EhrClient | null; until: number }> }
).__ehrClients ??= new Map());
let epoch = 0;

/**
 * The active registration by client id or CDS Hooks issuer (null: unknown, revoked, or its
 * organization deactivated). A registration found is kept a few seconds per instance like API keys: a revocation takes
 * effect at once here and within that time on every other instance.
 */
export async function findEhrClient(db: Db, by: { clientId: string } | { cdsHooksIssuer: string }) {
  const key = "clientId" in by ? `c:${by.clientId}` : `i:${by.cdsHooksIssuer}`;
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.client;
  const started = epoch;
  const [row] = await db
    .select({
      id: ehrClients.id,
      clientId: ehrClients.clientId,
      organizationId: ehrClients.organizationId,
      name: ehrClients.name,
      jwksUrl: ehrClients.jwksUrl,
      jwks: ehrClients.jwks,
      cdsHooksIssuer: ehrClients.cdsHooksIssuer,
      scopes: ehrClients.scopes,
      actingId: users.id,
      actingName: users.name,
      actingEmail: users.email,
      actingActive: users.active,
      actingRole: users.role,
      actingOrg: users.organizationId,
    })
    .from(ehrClients)
    .innerJoin(organizations, and(eq(organizations.id, ehrClients.organizationId), eq(organizations.active, true)))
    .innerJoin(users, eq(users.id, ehrClients.actingUserId))
    .where(
      and(
        "clientId" in by ? eq(ehrClients.clientId, by.clientId) : eq(ehrClients.cdsHooksIssuer, by.cdsHooksIssuer),
        isNull(ehrClients.revokedAt),
      ),
    )
    .limit(1);
  const client: EhrClient | null = row
    ? {
        id: row.id,
        clientId: row.clientId,
        organizationId: row.organizationId,
        name: row.name,
        jwksUrl: row.jwksUrl,
        jwks: row.jwks,
        cdsHooksIssuer: row.cdsHooksIssuer,
        scopes: row.scopes,
        actingUser:
          row.actingActive && row.actingRole === "provider" && row.actingOrg === row.organizationId
            ? { id: row.actingId, name: row.actingName, email: row.actingEmail }
            : null,
      }
    : null;
  if (client && TTL_MS > 0 && started === epoch) {
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { client, until: Date.now() + TTL_MS });
  }
  return client;
}

/** After a committed revocation (or a change of the acting person): this instance forgets what it read. */
export function forgetEhrClients(): void {
  epoch++;
  cache.clear();
}

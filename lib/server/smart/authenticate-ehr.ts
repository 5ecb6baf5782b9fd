import "server-only";
import { decodeJwt } from "jose";
import type { Db } from "@/db/client";
import type { ServiceContext } from "../context";
import { UnauthenticatedError } from "../errors";
import { findEhrClient, type EhrClient } from "./client-cache";
import { readAccessToken } from "./access-tokens";
import { verifyEhrJwt } from "./verify-signed-jwt";

type Meta = { ip?: string | null; userAgent?: string | null };
export type EhrContext = ServiceContext & { scopes: string[]; ehrClient: EhrClient };

function actingContext(db: Db, client: EhrClient, meta: Meta, kind: "smart" | "cds_hooks"): ServiceContext {
  if (!client.actingUser)
    throw new UnauthenticatedError(
      "The person responsible for this EHR client no longer has access; ask the plan to update the registration.",
    );
  return {
    db,
    viewer: {
      userId: client.actingUser.id,
      role: "provider",
      organizationId: client.organizationId,
      name: `${client.name} (EHR)`,
      email: client.actingUser.email,
    },
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
    via: "api",
    client: { kind, id: client.clientId },
  };
}

/** A SMART Backend Services access token → who acts (the registration's responsible provider) and the token's scopes. */
export async function authenticateAccessToken(db: Db, token: string, meta: Meta): Promise<EhrContext> {
  const read = await readAccessToken(token);
  if (!read.ok) throw new UnauthenticatedError(`The access token is refused: ${read.reason}.`);
  const client = await findEhrClient(db, { clientId: read.claims.clientId });
  if (!client) throw new UnauthenticatedError("The access token's client was revoked or its organization deactivated.");
  return { ...actingContext(db, client, meta, "smart"), scopes: read.claims.scopes, ehrClient: client };
}

/**
 * A CDS Hooks call's JWT (CDS Hooks 2.0 "Trusting CDS Clients"): its `iss` must be a registered
 * EHR's CDS Hooks issuer, signed with that EHR's keys, `aud` this service's address, a fresh
 * `jti`. The hook then acts for that EHR's organization (its satisfied-authorization lookups
 * see that organization's cases only).
 */
export async function authenticateCdsHooksJwt(
  db: Db,
  token: string,
  serviceUrl: string,
  meta: Meta,
): Promise<EhrContext> {
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw new UnauthenticatedError("The CDS Hooks JWT cannot be read.");
  }
  if (typeof issuer !== "string" || !issuer) throw new UnauthenticatedError("The CDS Hooks JWT needs an iss.");
  const client = await findEhrClient(db, { cdsHooksIssuer: issuer });
  if (!client) throw new UnauthenticatedError("The CDS Hooks JWT's iss is not a registered EHR.");
  const checked = await verifyEhrJwt(db, token, client, {
    issuer,
    audience: serviceUrl,
    replayScope: `cds-hooks:${issuer}`,
  });
  if (!checked.ok) throw new UnauthenticatedError(`The CDS Hooks JWT is refused: ${checked.reason}.`);
  return { ...actingContext(db, client, meta, "cds_hooks"), scopes: [], ehrClient: client };
}

import "server-only";
import { decodeJwt } from "jose";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ehrClients } from "@/db/schema";
import { grantScopes } from "@/lib/fhir/smart-scopes";
import { tokenRequestInput } from "@/lib/validation/ehr-clients";
import { logInternalError } from "../errors";
import { recordSystemAudit } from "../context";
import { shouldRecordRefusal } from "../rate-limit";
import { findEhrClient } from "./client-cache";
import { ACCESS_TOKEN_SECONDS, signAccessToken } from "./access-tokens";
import { verifyEhrJwt } from "./verify-signed-jwt";

type OAuthError = "invalid_request" | "invalid_client" | "invalid_scope" | "unsupported_grant_type";
export type TokenAnswer =
  | { status: 200; body: { access_token: string; token_type: "bearer"; expires_in: number; scope: string } }
  | { status: 400 | 401; body: { error: OAuthError; error_description: string } };

const refuse = (status: 400 | 401, error: OAuthError, description: string): TokenAnswer => ({
  status,
  body: { error, error_description: description },
});

/**
 * SMART Backend Services' token endpoint (client_credentials with a private_key_jwt assertion):
 * the registered client, its signed assertion (verifyEhrJwt: iss = sub = client id, aud = this
 * endpoint's address, exp within five minutes, jti once), and the requested system scopes
 * narrowed to those registered. Every issue and refusal is audited (refusals sampled per address
 * like other floods); OAuth errors as RFC 6749 §5.2 names them.
 */
export async function exchangeClientCredentials(
  db: Db,
  form: Record<string, string>,
  request: { tokenUrl: string; ip?: string | null; userAgent?: string | null },
  now = new Date(),
): Promise<TokenAnswer> {
  const parsed = tokenRequestInput.safeParse(form);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const field = String(first.path[0] ?? "");
    const answer = refuse(
      400,
      field === "grant_type"
        ? "unsupported_grant_type"
        : field === "client_assertion_type"
          ? "invalid_client"
          : "invalid_request",
      first.message,
    );
    await auditRefusal(db, request, null, answer);
    return answer;
  }
  const { client_assertion: assertion, scope } = parsed.data;
  let clientId: unknown;
  try {
    clientId = decodeJwt(assertion).iss;
  } catch {
    return auditRefusal(db, request, null, refuse(401, "invalid_client", "client_assertion is not a JWT"));
  }
  if (typeof clientId !== "string" || !clientId)
    return auditRefusal(db, request, null, refuse(401, "invalid_client", "the assertion's iss must be your client id"));
  const client = await findEhrClient(db, { clientId });
  if (!client)
    return auditRefusal(
      db,
      request,
      null,
      refuse(401, "invalid_client", "no active client is registered with that id"),
    );
  const checked = await verifyEhrJwt(
    db,
    assertion,
    client,
    {
      issuer: client.clientId,
      subject: client.clientId,
      audience: request.tokenUrl,
      replayScope: `smart:${client.clientId}`,
    },
    now,
  );
  if (!checked.ok) return auditRefusal(db, request, client, refuse(401, "invalid_client", checked.reason));
  if (!client.actingUser)
    return auditRefusal(
      db,
      request,
      client,
      refuse(
        401,
        "invalid_client",
        "the person responsible for this client no longer has access; ask the plan to update the registration",
      ),
    );
  const { granted, refused } = grantScopes(scope.split(/\s+/), client.scopes);
  if (granted.length === 0)
    return auditRefusal(
      db,
      request,
      client,
      refuse(
        400,
        "invalid_scope",
        `none of the requested scopes is granted to this client; it may ask for ${client.scopes.join(" ")}`,
      ),
    );
  const accessToken = await signAccessToken({ clientId: client.clientId, scopes: granted }, now);
  await recordSystemAudit(
    db,
    { userId: client.actingUser.id, role: "provider", organizationId: client.organizationId, ...request },
    {
      action: "smart.token.issue",
      targetType: "ehr_client",
      targetId: client.id,
      details: {
        via: "api",
        clientId: client.clientId,
        scopes: granted,
        ...(refused.length ? { notGranted: refused } : {}),
      },
    },
  );
  void db
    .update(ehrClients)
    .set({ lastUsedAt: now })
    .where(eq(ehrClients.id, client.id))
    .catch(() => {});
  return {
    status: 200,
    body: {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: ACCESS_TOKEN_SECONDS,
      scope: granted.join(" "),
    },
  };
}

async function auditRefusal(
  db: Db,
  request: { ip?: string | null; userAgent?: string | null },
  client: { id: string; clientId: string; organizationId: string } | null,
  answer: TokenAnswer,
): Promise<TokenAnswer> {
  if (answer.status === 200) return answer;
  try {
    if (await shouldRecordRefusal(`smart-token:${answer.body.error}`, request.ip ?? null))
      await recordSystemAudit(
        db,
        { organizationId: client?.organizationId ?? null, ip: request.ip, userAgent: request.userAgent },
        {
          action: "smart.token.issue",
          outcome: "refused",
          ...(client ? { targetType: "ehr_client", targetId: client.id } : {}),
          details: {
            reason: answer.body.error_description,
            error: answer.body.error,
            clientId: client?.clientId ?? null,
          },
        },
      );
  } catch (err) {
    logInternalError(crypto.randomUUID(), err);
  }
  return answer;
}

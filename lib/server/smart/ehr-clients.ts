import "server-only";
import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { ehrClients, organizations, portalSettings, users } from "@/db/schema";
import { allowApiKeysOnFhirInput, ehrClientIdInput, registerEhrClientInput } from "@/lib/validation/ehr-clients";
import { audit, refuseNotFound, requirePermission, withTransaction, type ServiceContext } from "../context";
import { ConflictError, ValidationError } from "../errors";
import { parseInput } from "../parse-input";
import { checkWebhookUrl } from "../webhooks/url-guard";
import { forgetEhrClients } from "./client-cache";

/** A client id an EHR sends as `iss`/`sub`: random, unguessable, recognisable in logs. */
function newClientId(): string {
  return `ehr_${randomBytes(16).toString("base64url")}`;
}

/**
 * The administrator registers an EHR for a provider organization. Only public keys are taken (a
 * JWKS address, checked by the webhook SSRF guard, or the JWKS itself); the acting person must be
 * an active provider of that organization: every request the EHR makes is recorded as theirs.
 */
export async function registerEhrClient(
  ctx: ServiceContext,
  input: unknown,
): Promise<{ id: string; clientId: string }> {
  await requirePermission(ctx, "ehrclient.manage", { type: "ehr_client" });
  const data = parseInput(registerEhrClientInput, input, "EHR registration");
  if (data.jwksUrl) {
    const checked = await checkWebhookUrl(data.jwksUrl);
    if (!checked.ok)
      throw new ValidationError(`The JWKS address ${checked.reason}.`, [{ path: "jwksUrl", message: checked.reason }]);
  }
  return withTransaction(ctx, async (tx) => {
    const [org] = await tx
      .select({ kind: organizations.kind, active: organizations.active })
      .from(organizations)
      .where(eq(organizations.id, data.organizationId));
    if (!org || org.kind !== "provider" || !org.active)
      throw new ValidationError("Choose an active provider organization.", [
        { path: "organizationId", message: "must be an active provider organization" },
      ]);
    const [person] = await tx
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.id, data.actingUserId),
          eq(users.organizationId, data.organizationId),
          eq(users.role, "provider"),
          eq(users.active, true),
        ),
      );
    if (!person)
      throw new ValidationError("Choose an active provider of that organization as the person responsible.", [
        { path: "actingUserId", message: "must be an active provider of the organization" },
      ]);
    if (data.cdsHooksIssuer) {
      const [taken] = await tx
        .select({ id: ehrClients.id })
        .from(ehrClients)
        .where(eq(ehrClients.cdsHooksIssuer, data.cdsHooksIssuer));
      if (taken) throw new ConflictError("Another EHR registration already uses that CDS Hooks issuer (iss).");
    }
    const clientId = newClientId();
    const [row] = await tx
      .insert(ehrClients)
      .values({
        organizationId: data.organizationId,
        name: data.name,
        clientId,
        jwksUrl: data.jwksUrl ?? null,
        jwks: data.jwks ?? null,
        cdsHooksIssuer: data.cdsHooksIssuer ?? null,
        scopes: [...new Set(data.scopes)],
        actingUserId: data.actingUserId,
        createdBy: ctx.viewer.userId,
      })
      .returning({ id: ehrClients.id });
    await audit(tx, ctx, {
      action: "admin.ehr_client.register",
      targetType: "ehr_client",
      targetId: row!.id,
      details: {
        organizationId: data.organizationId,
        clientId,
        keys: data.jwksUrl ? { jwksUrl: data.jwksUrl } : { inlineKeys: data.jwks!.keys.length },
        cdsHooksIssuer: data.cdsHooksIssuer ?? null,
        scopes: data.scopes,
      },
    });
    return { id: row!.id, clientId };
  });
}

/** Every registered EHR, newest first, with its organization and the person it acts as. */
export async function listEhrClients(ctx: ServiceContext) {
  await requirePermission(ctx, "ehrclient.manage", { type: "ehr_client" });
  const acting = alias(users, "acting");
  return ctx.db
    .select({
      id: ehrClients.id,
      name: ehrClients.name,
      clientId: ehrClients.clientId,
      organizationName: organizations.name,
      actingName: acting.name,
      actingEmail: acting.email,
      actingActive: acting.active,
      jwksUrl: ehrClients.jwksUrl,
      inlineKeyCount: ehrClients.jwks,
      cdsHooksIssuer: ehrClients.cdsHooksIssuer,
      scopes: ehrClients.scopes,
      createdAt: ehrClients.createdAt,
      lastUsedAt: ehrClients.lastUsedAt,
      revokedAt: ehrClients.revokedAt,
    })
    .from(ehrClients)
    .innerJoin(organizations, eq(organizations.id, ehrClients.organizationId))
    .innerJoin(acting, eq(acting.id, ehrClients.actingUserId))
    .orderBy(desc(ehrClients.createdAt))
    .then((rows) => rows.map((r) => ({ ...r, inlineKeyCount: r.inlineKeyCount?.keys.length ?? 0 })));
}

/** Revokes a registration: its tokens and signed hook calls are refused from the next request on, on every instance. */
export async function revokeEhrClient(ctx: ServiceContext, input: unknown): Promise<{ id: string; revokedAt: Date }> {
  await requirePermission(ctx, "ehrclient.manage", { type: "ehr_client" });
  const { ehrClientId } = parseInput(ehrClientIdInput, input, "EHR registration");
  const result = await withTransaction(ctx, async (tx) => {
    const [current] = await tx.select().from(ehrClients).where(eq(ehrClients.id, ehrClientId)).for("update");
    if (!current) return refuseNotFound(ctx, "admin.ehr_client.revoke", { type: "ehr_client", id: ehrClientId }, tx);
    if (current.revokedAt) throw new ConflictError("This EHR registration was already revoked.");
    const now = new Date();
    const [row] = await tx
      .update(ehrClients)
      .set({ revokedAt: now, revokedBy: ctx.viewer.userId })
      .where(and(eq(ehrClients.id, ehrClientId), isNull(ehrClients.revokedAt)))
      .returning({ id: ehrClients.id });
    if (!row) throw new ConflictError("This EHR registration was revoked by someone else just now.");
    await audit(tx, ctx, {
      action: "admin.ehr_client.revoke",
      targetType: "ehr_client",
      targetId: ehrClientId,
      details: { clientId: current.clientId, before: { revoked: false }, after: { revoked: true } },
    });
    return { id: ehrClientId, revokedAt: now };
  });
  forgetEhrClients();
  return result;
}

/** Whether practices' API keys still open /fhir and /cds-services (the migration aid; default off). */
export async function apiKeysAllowedOnFhir(db: ServiceContext["db"]): Promise<boolean> {
  const [row] = await db
    .select({ allowed: portalSettings.allowApiKeysOnFhir })
    .from(portalSettings)
    .where(eq(portalSettings.id, 1));
  return row?.allowed ?? false;
}

/** Administrator: let API keys open the FHIR API (or stop them). Audited with before and after. */
export async function setAllowApiKeysOnFhir(ctx: ServiceContext, input: unknown) {
  await requirePermission(ctx, "ehrclient.manage", { type: "settings", id: "allow_api_keys_on_fhir" });
  const after = parseInput(allowApiKeysOnFhirInput, input, "setting").allowed === "on";
  return withTransaction(ctx, async (tx) => {
    const [current] = await tx.select().from(portalSettings).where(eq(portalSettings.id, 1)).for("update");
    const before = current?.allowApiKeysOnFhir ?? false;
    await tx
      .insert(portalSettings)
      .values({ id: 1, allowApiKeysOnFhir: after, updatedBy: ctx.viewer.userId })
      .onConflictDoUpdate({
        target: portalSettings.id,
        set: { allowApiKeysOnFhir: after, updatedBy: ctx.viewer.userId, updatedAt: new Date() },
      });
    await audit(tx, ctx, {
      action: "admin.settings.update",
      targetType: "settings",
      targetId: "allow_api_keys_on_fhir",
      details: { before: { allowApiKeysOnFhir: before }, after: { allowApiKeysOnFhir: after } },
    });
    return { allowApiKeysOnFhir: after, changed: before !== after };
  });
}

/** Who an EHR may act as: each active provider of each active provider organization (the registration form's choices). */
export async function listEhrActingCandidates(ctx: ServiceContext) {
  await requirePermission(ctx, "ehrclient.manage", { type: "ehr_client" });
  return ctx.db
    .select({
      organizationId: organizations.id,
      organizationName: organizations.name,
      userId: users.id,
      name: users.name,
      email: users.email,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(
      and(
        eq(organizations.kind, "provider"),
        eq(organizations.active, true),
        eq(users.role, "provider"),
        eq(users.active, true),
      ),
    )
    .orderBy(organizations.name, users.name);
}

import "server-only";
import type { Bundle, Subscription } from "@medplum/fhirtypes";
import { and, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import { fhirSubscriptionDeliveries, fhirSubscriptions, organizations } from "@/db/schema";
import {
  parseSubscription,
  statusBundle,
  subscriptionResource,
  type SubscriptionRequest,
} from "@/lib/fhir/subscription";
import type { PasIssue } from "@/lib/fhir/pas-bundle";
import {
  audit,
  recordRefusal,
  refuseNotFound,
  requirePermission,
  withTransaction,
  type ServiceContext,
} from "../context";
import { ConflictError, ForbiddenError, GoneError } from "../errors";
import { checkWebhookUrl } from "../webhooks/url-guard";
import { sealChannelHeaders } from "./channel-headers";
import { subscriptionUrl } from "./deliver";
import { queueHandshake } from "./queue";

/** Live subscriptions an organization may hold (one per EHR and a few spare). */
const MAX_SUBSCRIPTIONS = 10;

type Row = typeof fhirSubscriptions.$inferSelect;
type Refused = { ok: false; issues: PasIssue[] };
/** Test seams: the SSRF guard's strictness and resolver. */
export interface EndpointCheckOptions {
  strictUrls?: boolean;
  resolve?: (host: string) => Promise<string[]>;
}

/**
 * POST /fhir/Subscription: the organization's EHR subscribes to the PAS topic. The filter may
 * name only the organization's own NPI (PAS: a sending system monitors only its own requests;
 * none given means it); the endpoint passes the webhook SSRF guard. Created `requested` with a
 * handshake queued; active once the endpoint answers it.
 */
export async function createSubscription(
  ctx: ServiceContext,
  input: unknown,
  options: EndpointCheckOptions = {},
): Promise<{ ok: true; resource: Subscription } | Refused> {
  await requirePermission(ctx, "fhir_subscription.manage", { type: "fhir_subscription" });
  const checked = await checkRequest(ctx, "fhir_subscription.create", input, options);
  if (!checked.ok) return checked;
  const { request, orgIdentifiers } = checked;
  const id = crypto.randomUUID();
  const row = await withTransaction(ctx, async (tx) => {
    const live = await tx
      .select({ id: fhirSubscriptions.id })
      .from(fhirSubscriptions)
      .where(and(eq(fhirSubscriptions.organizationId, ctx.viewer.organizationId), ne(fhirSubscriptions.status, "off")));
    if (live.length >= MAX_SUBSCRIPTIONS)
      throw new ConflictError(
        `Your organization already holds ${MAX_SUBSCRIPTIONS} subscriptions; delete one it no longer uses first.`,
      );
    const [created] = await tx
      .insert(fhirSubscriptions)
      .values({
        id,
        organizationId: ctx.viewer.organizationId,
        createdVia: ctx.client ?? null,
        createdBy: ctx.viewer.userId,
        filterOrgIdentifiers: orgIdentifiers,
        ...storedChannel(request),
        headerNames: (request.headers ?? []).map((h) => h.name),
        headersSealed: request.headers?.length ? sealChannelHeaders(id, request.headers) : null,
      })
      .returning();
    await queueHandshake(tx, id);
    await audit(tx, ctx, {
      action: "fhir_subscription.create",
      targetType: "fhir_subscription",
      targetId: id,
      details: auditDetails(request),
    });
    return created!;
  });
  return { ok: true, resource: subscriptionResource(row) };
}

/** GET /fhir/Subscription/{id}: the organization's subscription; another's is an audited 404, a deleted one 410. */
export async function readSubscription(ctx: ServiceContext, id: string): Promise<Subscription> {
  return subscriptionResource(await findOwn(ctx, id, "fhir_subscription.read"));
}

/** GET /fhir/Subscription: the organization's subscriptions that are not deleted (a searchset). */
export async function listSubscriptions(ctx: ServiceContext): Promise<Bundle> {
  await requirePermission(ctx, "fhir_subscription.manage", { type: "fhir_subscription" });
  const rows = await ctx.db
    .select()
    .from(fhirSubscriptions)
    .where(and(eq(fhirSubscriptions.organizationId, ctx.viewer.organizationId), isNull(fhirSubscriptions.deletedAt)))
    .orderBy(desc(fhirSubscriptions.createdAt));
  return {
    resourceType: "Bundle",
    type: "searchset",
    total: rows.length,
    entry: rows.map((r) => ({
      fullUrl: subscriptionUrl(r.id),
      resource: subscriptionResource(r),
      search: { mode: "match" as const },
    })),
  };
}

/** The organization's subscriptions for its Webhooks page: state, events so far, and each one's latest delivery attempts. */
export async function listSubscriptionsWithDeliveries(ctx: ServiceContext) {
  await requirePermission(ctx, "fhir_subscription.manage", { type: "fhir_subscription" });
  const rows = await ctx.db
    .select()
    .from(fhirSubscriptions)
    .where(and(eq(fhirSubscriptions.organizationId, ctx.viewer.organizationId), isNull(fhirSubscriptions.deletedAt)))
    .orderBy(desc(fhirSubscriptions.createdAt));
  const attempts = rows.length
    ? await ctx.db
        .select()
        .from(fhirSubscriptionDeliveries)
        .where(
          inArray(
            fhirSubscriptionDeliveries.subscriptionId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(desc(fhirSubscriptionDeliveries.at))
        .limit(rows.length * 10)
    : [];
  return rows.map((r) => ({
    id: r.id,
    endpoint: r.endpoint,
    status: r.status,
    content: r.content,
    eventCount: r.eventCount,
    /** Why deliveries fail, while they do. */
    failingBecause: r.status === "error" ? r.lastError : null,
    createdAt: r.createdAt,
    deliveries: attempts.filter((a) => a.subscriptionId === r.id).slice(0, 5),
  }));
}

/** GET /fhir/Subscription/{id}/$status: status, events so far and the last error. */
export async function subscriptionStatus(ctx: ServiceContext, id: string): Promise<Bundle> {
  const row = await findOwn(ctx, id, "fhir_subscription.read");
  return statusBundle(subscriptionUrl(row.id), row, row.eventCount);
}

/**
 * PUT /fhir/Subscription/{id}: replaces the channel, filter and end (same checks as a create);
 * headers are kept when channel.header is absent (they are never shown, so a client cannot send
 * them back). The subscription returns to `requested` with a new handshake; its event numbers go on.
 */
export async function updateSubscription(
  ctx: ServiceContext,
  id: string,
  input: unknown,
  options: EndpointCheckOptions = {},
): Promise<{ ok: true; resource: Subscription } | Refused> {
  const existing = await findOwn(ctx, id, "fhir_subscription.update");
  const bodyId = (input as { id?: unknown } | null)?.id;
  if (bodyId !== undefined && bodyId !== id)
    return {
      ok: false,
      issues: [{ kind: "invalid", expression: "Subscription.id", message: `must be ${id}, the id in the address` }],
    };
  const checked = await checkRequest(ctx, "fhir_subscription.update", input, options);
  if (!checked.ok) return checked;
  const { request, orgIdentifiers } = checked;
  const row = await withTransaction(ctx, async (tx) => {
    const [updated] = await tx
      .update(fhirSubscriptions)
      .set({
        filterOrgIdentifiers: orgIdentifiers,
        ...storedChannel(request),
        ...(request.headers
          ? {
              headerNames: request.headers.map((h) => h.name),
              headersSealed: request.headers.length ? sealChannelHeaders(id, request.headers) : null,
            }
          : {}),
        status: "requested",
        lastError: null,
        updatedAt: new Date(),
      })
      .where(and(eq(fhirSubscriptions.id, existing.id), isNull(fhirSubscriptions.deletedAt)))
      .returning();
    if (!updated) throw new ConflictError("This subscription was deleted while you changed it.");
    await queueHandshake(tx, id);
    await audit(tx, ctx, {
      action: "fhir_subscription.update",
      targetType: "fhir_subscription",
      targetId: id,
      details: auditDetails(request),
    });
    return updated;
  });
  return { ok: true, resource: subscriptionResource(row) };
}

/**
 * DELETE /fhir/Subscription/{id}: no more notifications (queued ones are dropped at delivery);
 * the row and its delivery log stay. Deleting again changes nothing.
 */
export async function deleteSubscription(ctx: ServiceContext, id: string): Promise<void> {
  const existing = await findOwn(ctx, id, "fhir_subscription.delete", { allowDeleted: true });
  if (existing.deletedAt) return;
  await withTransaction(ctx, async (tx) => {
    const now = new Date();
    const [deleted] = await tx
      .update(fhirSubscriptions)
      .set({ status: "off", deletedAt: now, updatedAt: now, headersSealed: null })
      .where(and(eq(fhirSubscriptions.id, existing.id), isNull(fhirSubscriptions.deletedAt)))
      .returning({ id: fhirSubscriptions.id });
    if (!deleted) return;
    await audit(tx, ctx, { action: "fhir_subscription.delete", targetType: "fhir_subscription", targetId: id });
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findOwn(
  ctx: ServiceContext,
  id: string,
  action: string,
  { allowDeleted = false }: { allowDeleted?: boolean } = {},
): Promise<Row> {
  await requirePermission(ctx, "fhir_subscription.manage", {
    type: "fhir_subscription",
    id: UUID.test(id) ? id : undefined,
  });
  const [row] = UUID.test(id)
    ? await ctx.db
        .select()
        .from(fhirSubscriptions)
        .where(and(eq(fhirSubscriptions.id, id), eq(fhirSubscriptions.organizationId, ctx.viewer.organizationId)))
        .limit(1)
    : [];
  if (!row) return refuseNotFound(ctx, action, { type: "fhir_subscription", id: UUID.test(id) ? id : "invalid-id" });
  if (row.deletedAt && !allowDeleted) throw new GoneError("subscription");
  return row;
}

/** The request read and checked: its shape, the filter (own NPI only, audited refusal), the endpoint's address. */
async function checkRequest(
  ctx: ServiceContext,
  action: string,
  input: unknown,
  options: EndpointCheckOptions,
): Promise<{ ok: true; request: SubscriptionRequest; orgIdentifiers: string[] } | Refused> {
  const parsed = parseSubscription(input, new Date());
  if (!parsed.ok) return parsed;
  const request = parsed.value;
  const [org] = await ctx.db
    .select({ npi: organizations.npi, slug: organizations.slug })
    .from(organizations)
    .where(eq(organizations.id, ctx.viewer.organizationId))
    .limit(1);
  const own = org?.npi ?? org?.slug ?? ctx.viewer.organizationId;
  const foreign = (request.orgIdentifiers ?? []).filter((v) => v !== own);
  if (foreign.length) {
    await recordRefusal(ctx, action, {
      type: "fhir_subscription",
      reason: "filter names another organization",
    });
    throw new ForbiddenError(
      `orgIdentifier ${foreign.join(", ")} is not your organization's NPI (${own}): a sending system may subscribe only to its own requests.`,
    );
  }
  const endpoint = await checkWebhookUrl(request.endpoint, { strict: options.strictUrls, resolve: options.resolve });
  if (!endpoint.ok)
    return {
      ok: false,
      issues: [
        {
          kind: "invalid",
          expression: "Subscription.channel.endpoint",
          message: `refused: the address ${endpoint.reason}`,
        },
      ],
    };
  return { ok: true, request: { ...request, endpoint: endpoint.url.toString() }, orgIdentifiers: [own] };
}

function storedChannel(r: SubscriptionRequest) {
  return {
    endpoint: r.endpoint,
    content: r.content,
    heartbeatSeconds: r.heartbeatSeconds,
    timeoutSeconds: r.timeoutSeconds,
    reason: r.reason,
    endAt: r.end,
  };
}

/** What the audit keeps: where notifications go (host only) and how; never the headers. */
function auditDetails(r: SubscriptionRequest): Record<string, unknown> {
  return {
    endpointHost: new URL(r.endpoint).host,
    content: r.content,
    heartbeatSeconds: r.heartbeatSeconds,
    headers: (r.headers ?? []).map((h) => h.name),
  };
}

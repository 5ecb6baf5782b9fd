import "server-only";
import type { Db, Tx } from "@/db/client";
import { inGroupTransaction } from "@/db/group-commit";
import { appendAudit, appendAuditStandalone, type AuditActor, type AuditEventInput } from "@/db/audit-chain";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/domain";

export type { Tx };
import { ForbiddenError, NotFoundError, ServiceError } from "./errors";
import { wakeOutbox } from "./outbox/enqueue";

export interface Viewer {
  userId: string;
  role: Role;
  organizationId: string;
  name: string;
  email: string;
  /** The web sign-in this request comes with (absent for API keys and system work). */
  sessionId?: string;
}

/** Everything a service needs: the database (or a transaction), who acts, and from where. */
export interface ServiceContext {
  db: Db;
  viewer: Viewer;
  ip?: string | null;
  userAgent?: string | null;
  via: "web" | "api" | "system";
  /** The integration acting (API calls): an API key, a SMART Backend Services client, a signed CDS Hooks caller. */
  client?: { kind: "api_key" | "smart" | "cds_hooks"; id: string };
}

function auditActor(ctx: ServiceContext): AuditActor {
  return {
    userId: ctx.viewer.userId,
    role: ctx.viewer.role,
    organizationId: ctx.viewer.organizationId,
    ip: ctx.ip ?? null,
    userAgent: ctx.userAgent ?? null,
  };
}

export function audit(tx: Tx, ctx: ServiceContext, event: AuditEventInput): Promise<void> {
  return appendAudit(tx, auditActor(ctx), { ...event, details: { ...viaDetails(ctx), ...event.details } });
}

/**
 * One audited event in its own transaction (a view, a download): nothing else to write with it.
 * Concurrent ones are committed together (one hold of the chain's lock per batch).
 */
export function recordAudit(ctx: ServiceContext, event: AuditEventInput): Promise<void> {
  return appendAuditStandalone(ctx.db, auditActor(ctx), {
    ...event,
    details: { ...viaDetails(ctx), ...event.details },
  });
}

/** How the actor came: every event of an integration names it (which key, which EHR client). */
function viaDetails(ctx: ServiceContext): Record<string, unknown> {
  return ctx.client ? { via: ctx.via, client: ctx.client } : { via: ctx.via };
}

/** Who acted, for an event outside a service context (sign-in, no session, a bad API key): often nobody known. */
export interface SystemActor {
  userId?: string | null;
  role?: Role | null;
  organizationId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** Records an event that happens outside a service context (no signed-in viewer), in its own transaction. */
export function recordSystemAudit(db: Db, actor: SystemActor, event: AuditEventInput): Promise<void> {
  return appendAuditStandalone(
    db,
    {
      userId: actor.userId ?? null,
      role: actor.role ?? null,
      organizationId: actor.organizationId ?? null,
      ip: actor.ip ?? null,
      userAgent: actor.userAgent ?? null,
    },
    event,
  );
}

/**
 * Runs `fn` in one transaction. A refusal found inside it (an error carrying `deferredRefusal`)
 * is recorded after the rollback: the change must not happen, the record of the attempt must
 * stay, and PGlite's single connection cannot open a second transaction inside the first.
 *
 * `groupCommit`: concurrent calls share one transaction, each in its own savepoint, with one
 * append to the audit chain and one COMMIT for all (db/group-commit.ts). For hot, independent
 * changes (API submissions); `fn` must not read the audit chain back.
 */
export async function withTransaction<T>(
  ctx: ServiceContext,
  fn: (tx: Tx) => Promise<T>,
  options: { groupCommit?: boolean } = {},
): Promise<T> {
  try {
    const result = await (options.groupCommit ? inGroupTransaction(ctx.db, fn) : ctx.db.transaction(fn));
    // Committed: whatever it queued (mail, webhooks) may go now rather than at the next poll.
    wakeOutbox();
    return result;
  } catch (err) {
    const refusal = err instanceof ServiceError ? err.deferredRefusal : undefined;
    if (refusal) await recordRefusal(ctx, refusal.action, refusal);
    throw err;
  }
}

/**
 * Records a refused access in its own transaction: the caller's work is about to be rolled
 * back, the record of the refusal must stay.
 */
export async function recordRefusal(
  ctx: ServiceContext,
  action: string,
  target: { type?: string; id?: string; caseId?: string; reason: string },
) {
  await recordAudit(ctx, {
    action,
    outcome: "refused",
    targetType: target.type,
    targetId: target.id,
    caseId: target.caseId,
    details: { reason: target.reason },
  });
}

/** Refuses (403, audited) when the viewer's role may not do this. */
export async function requirePermission(
  ctx: ServiceContext,
  permission: Permission,
  target: { type?: string; id?: string } = {},
) {
  if (can(ctx.viewer.role, permission)) return;
  await recordRefusal(ctx, permission, { ...target, reason: `role ${ctx.viewer.role} lacks ${permission}` });
  throw new ForbiddenError();
}

/**
 * Answers 404 (audited) for a record that does not exist or that the viewer may not see.
 * Inside a transaction (`tx` given) the audit record is written by `withTransaction` after rollback.
 */
export async function refuseNotFound(
  ctx: ServiceContext,
  action: string,
  target: { type: string; id: string },
  tx?: Db,
): Promise<never> {
  const refusal = { action, ...target, reason: "not found or out of scope" };
  const error = new NotFoundError(target.type);
  if (tx && tx !== ctx.db) {
    error.deferredRefusal = refusal;
    throw error;
  }
  await recordRefusal(ctx, action, refusal);
  throw error;
}

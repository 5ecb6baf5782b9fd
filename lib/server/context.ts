import "server-only";
import type { Db } from "@/db/client";
import { appendAudit, type AuditActor, type AuditEventInput } from "@/db/audit-chain";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/db/schema";
import { ForbiddenError, NotFoundError, ServiceError } from "./errors";

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
}

export function auditActor(ctx: ServiceContext): AuditActor {
  return {
    userId: ctx.viewer.userId,
    role: ctx.viewer.role,
    organizationId: ctx.viewer.organizationId,
    ip: ctx.ip ?? null,
    userAgent: ctx.userAgent ?? null,
  };
}

export function audit(tx: Db, ctx: ServiceContext, event: AuditEventInput): Promise<void> {
  return appendAudit(tx, auditActor(ctx), { ...event, details: { via: ctx.via, ...event.details } });
}

/**
 * Runs `fn` in one transaction. A refusal found inside it (an error carrying `deferredRefusal`)
 * is recorded after the rollback: the change must not happen, the record of the attempt must
 * stay, and PGlite's single connection cannot open a second transaction inside the first.
 */
export async function withTransaction<T>(ctx: ServiceContext, fn: (tx: Db) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction((tx) => fn(tx as unknown as Db));
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
export async function recordRefusal(ctx: ServiceContext, action: string, target: { type?: string; id?: string; caseId?: string; reason: string }) {
  await ctx.db.transaction(async (tx) =>
    audit(tx as unknown as Db, ctx, {
      action,
      outcome: "refused",
      targetType: target.type,
      targetId: target.id,
      caseId: target.caseId,
      details: { reason: target.reason },
    }),
  );
}

/** Refuses (403, audited) when the viewer's role may not do this. */
export async function requirePermission(ctx: ServiceContext, permission: Permission, target: { type?: string; id?: string } = {}) {
  if (can(ctx.viewer.role, permission)) return;
  await recordRefusal(ctx, permission, { ...target, reason: `role ${ctx.viewer.role} lacks ${permission}` });
  throw new ForbiddenError();
}

/**
 * Answers 404 (audited) for a record that does not exist or that the viewer may not see.
 * Inside a transaction (`tx` given) the audit record is written by `withTransaction` after rollback.
 */
export async function refuseNotFound(ctx: ServiceContext, action: string, target: { type: string; id: string }, tx?: Db): Promise<never> {
  const refusal = { action, ...target, reason: "not found or out of scope" };
  const error = new NotFoundError(target.type);
  if (tx && tx !== ctx.db) {
    error.deferredRefusal = refusal;
    throw error;
  }
  await recordRefusal(ctx, action, refusal);
  throw error;
}

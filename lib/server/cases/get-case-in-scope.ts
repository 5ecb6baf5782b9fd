import "server-only";
import { and, eq, isNotNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cases } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { refuseNotFound, type ServiceContext } from "../context";

/**
 * The organization/role scope on cases, in one place: a provider sees its own organization's
 * cases (drafts included); reviewers and auditors see every case that has ever been submitted;
 * nobody else sees any.
 */
export function caseScope(ctx: ServiceContext): SQL {
  if (ctx.viewer.role === "provider") return eq(cases.organizationId, ctx.viewer.organizationId);
  // "Submitted at some point", not "not a draft": a draft withdrawn unsent was never the plan's.
  if (can(ctx.viewer.role, "case.read_any")) return isNotNull(cases.submittedAt);
  return sql`false`;
}

/**
 * The case when the viewer may see it; otherwise an audited 404 (never a hint it exists). Inside
 * a transaction, call it through `withTransaction` so the refusal is recorded after rollback.
 */
export async function getCaseInScope(
  ctx: ServiceContext,
  caseId: string,
  tx: Db = ctx.db,
  options: { forUpdate?: boolean } = {},
) {
  const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(caseId);
  const query = valid
    ? tx
        .select()
        .from(cases)
        .where(and(eq(cases.id, caseId), caseScope(ctx)))
        .limit(1)
    : null;
  const [row] = query ? await (options.forUpdate ? query.for("update") : query) : [];
  if (!row) return refuseNotFound(ctx, "case.read", { type: "case", id: valid ? caseId : "invalid-id" }, tx);
  return row;
}

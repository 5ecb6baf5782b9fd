import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { cases } from "@/db/schema";
import { approvalExpiryDate } from "@/lib/approval-validity";
import { todayInPlanZone } from "@/lib/domain";
import { recordAudit, type ServiceContext } from "../context";

/** The approved statuses: approved at first review, or a denial overturned on appeal. */
const APPROVED = ["approved", "appeal_overturned"] as const;

export interface SatisfyingAuthorizationQuery {
  /** The plan's member ID (CRD: from the prefetched Coverage, read as PAS $submit reads it). */
  memberId: string;
  /** The order's CPT codes the policy applies to: the approval must list every one. */
  cptCodes: readonly string[];
  /** The day the service is to happen (YYYY-MM-DD); the approval must still be valid then. */
  date: string;
}

/**
 * CRD's satisfied-pa-id: an APPROVED case of the viewer's organization (the practice calling the
 * hook), for the same member, whose requested (and so approved) CPT codes include every code of
 * the order, and whose approval is valid today and on the service date (lib/approval-validity.ts:
 * the policy sets no validity period). The newest decision wins. Never another organization's
 * case: only a provider viewer's own organization is searched. Returns the case reference (PAS
 * `preAuthRef`, what `$inquire` names) and the approval's last valid day; a found case is an
 * audited reading.
 */
export async function findSatisfyingAuthorization(
  ctx: ServiceContext,
  query: SatisfyingAuthorizationQuery,
  now: Date = new Date(),
): Promise<{ reference: string; expiryDate: string } | null> {
  const memberId = query.memberId.trim();
  if (ctx.viewer.role !== "provider" || memberId === "" || query.cptCodes.length === 0) return null;
  const rows = await ctx.db
    .select({
      id: cases.id,
      reference: cases.reference,
      status: cases.status,
      request: cases.request,
      decidedAt: cases.decidedAt,
    })
    .from(cases)
    .where(
      and(
        eq(cases.organizationId, ctx.viewer.organizationId),
        inArray(cases.status, [...APPROVED]),
        sql`trim(${cases.memberId}) = ${memberId}`,
      ),
    )
    .orderBy(desc(cases.decidedAt))
    .limit(50);
  const today = todayInPlanZone(now);
  for (const row of rows) {
    if (!row.decidedAt) continue;
    const approved = new Set(row.request.request?.cptCodes ?? []);
    if (!query.cptCodes.every((c) => approved.has(c))) continue;
    const expiryDate = approvalExpiryDate(row.decidedAt, row.request.request?.serviceDate);
    if (expiryDate < today || expiryDate < query.date) continue;
    await recordAudit(ctx, {
      action: "case.view",
      targetType: "case",
      targetId: row.id,
      caseId: row.id,
      details: { status: row.status, channel: "crd", purpose: "satisfied-pa-id" },
    });
    return { reference: row.reference, expiryDate };
  }
  return null;
}

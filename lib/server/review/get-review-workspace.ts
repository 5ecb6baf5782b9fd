import "server-only";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import {
  attachments,
  caseEscalations,
  caseInformationRequests,
  determinationFindings,
  determinations,
  organizations,
  reviewDrafts,
  users,
} from "@/db/schema";
import { getPolicyVersion, type CriterionResult } from "@/lib/policy";
import { getCaseInScope } from "../cases/get-case-in-scope";
import { recordAudit, requirePermission, type ServiceContext } from "../context";
import { caseAbilities } from "../cases/abilities";
import { physicianLicenceStanding } from "../admin/credentials";
import { can } from "@/lib/auth/permissions";
import { findOpenAppeal } from "./find-appeal-denier";
import { latestSnapshot } from "./resolve-findings";
import { displayFileName } from "@/lib/file-names";

/**
 * Everything the reviewer's workspace shows for one case: the request's facts, the attachments,
 * the engine's evaluation per criterion with its citation, the policy passages, past
 * determinations with their findings, information requests, the appeal, the escalations (who,
 * when, why; from the append-only escalations table) and the viewer's own draft. Other
 * reviewers' drafts are theirs: never shown. Audited as a view.
 */
export async function getReviewWorkspace(ctx: ServiceContext, caseId: string) {
  await requirePermission(ctx, "queue.read", { type: "case", id: caseId });
  const row = await getCaseInScope(ctx, caseId);
  const [org] = await ctx.db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, row.organizationId))
    .limit(1);
  const [assignee] = row.assigneeId
    ? await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, row.assigneeId)).limit(1)
    : [];
  const snapshot = await latestSnapshot(ctx.db, row.id);
  const result = snapshot?.result ?? null;
  const policy = getPolicyVersion(row.policyVersion ?? snapshot?.policyVersion ?? "") ?? null;
  const files = await ctx.db
    .select({
      id: attachments.id,
      fileName: attachments.fileName,
      contentType: attachments.contentType,
      size: attachments.size,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .where(eq(attachments.caseId, row.id))
    .orderBy(asc(attachments.createdAt));
  const infoRequests = await ctx.db
    .select()
    .from(caseInformationRequests)
    .where(eq(caseInformationRequests.caseId, row.id))
    .orderBy(asc(caseInformationRequests.requestedAt));
  const decided = await ctx.db
    .select({ determination: determinations, reviewerName: users.name })
    .from(determinations)
    .innerJoin(users, eq(users.id, determinations.reviewerId))
    .where(eq(determinations.caseId, row.id))
    .orderBy(desc(determinations.decidedAt));
  const findings = decided.length
    ? await ctx.db
        .select()
        .from(determinationFindings)
        .where(
          inArray(
            determinationFindings.determinationId,
            decided.map((d) => d.determination.id),
          ),
        )
    : [];
  const [ownDraft] = await ctx.db
    .select({ content: reviewDrafts.content })
    .from(reviewDrafts)
    .where(and(eq(reviewDrafts.caseId, row.id), eq(reviewDrafts.reviewerId, ctx.viewer.userId)))
    .limit(1);
  const escalations = await ctx.db
    .select({
      id: caseEscalations.id,
      escalatedBy: caseEscalations.escalatedBy,
      escalatedByName: users.name,
      reason: caseEscalations.reason,
      escalatedAt: caseEscalations.escalatedAt,
    })
    .from(caseEscalations)
    .innerJoin(users, eq(users.id, caseEscalations.escalatedBy))
    .where(eq(caseEscalations.caseId, row.id))
    .orderBy(asc(caseEscalations.escalatedAt));
  const appeal = await findOpenAppeal(ctx.db, row.id);
  const criteria = (result?.criteria ?? []).map((c: CriterionResult) => {
    const entry = policy?.criteria.find((k) => k.id === c.id);
    return { ...c, label: entry?.label ?? c.id, kind: entry?.kind ?? "coverage" };
  });
  await recordAudit(ctx, {
    action: "case.view",
    targetType: "case",
    targetId: row.id,
    caseId: row.id,
    details: { from: "review_workspace" },
  });
  const { request, ...caseFields } = row;
  const viewerIsAppealDenier = !!appeal && appeal.denierId === ctx.viewer.userId;
  const licence =
    can(ctx.viewer.role, "case.deny") || can(ctx.viewer.role, "appeal.decide")
      ? await physicianLicenceStanding(ctx.db, ctx.viewer.userId)
      : undefined;
  const abilities = caseAbilities(ctx, row, { viewerIsAppealDenier, licence });
  return {
    case: {
      ...caseFields,
      organizationName: org?.name ?? "",
      assigneeName: assignee?.name ?? null,
      physicianOnly: abilities.physicianOnly,
    },
    abilities,
    request,
    snapshot: snapshot
      ? { id: snapshot.id, outcome: snapshot.outcome, reason: snapshot.reason, createdAt: snapshot.createdAt }
      : null,
    criteria,
    policy: policy
      ? {
          id: policy.id,
          policyId: policy.policyId,
          title: policy.title,
          passages: policy.passages.map((p) => ({ anchor: p.anchor, text: p.text, kind: p.kind })),
        }
      : null,
    attachments: files.map((f) => ({ ...f, fileName: displayFileName(f.fileName) })),
    informationRequests: infoRequests,
    determinations: decided.map((d) => ({
      ...d.determination,
      reviewerName: d.reviewerName,
      findings: findings.filter((f) => f.determinationId === d.determination.id),
    })),
    appeal: appeal ? { ...appeal, viewerIsDenier: viewerIsAppealDenier } : null,
    draft: ownDraft?.content ?? null,
    escalations,
  };
}
export type ReviewWorkspace = Awaited<ReturnType<typeof getReviewWorkspace>>;

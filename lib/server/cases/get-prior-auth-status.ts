import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import { caseInformationRequests, cases, determinationFindings, determinations } from "@/db/schema";
import { findCriterion, getPolicyVersion } from "@/lib/policy";
import { recordAudit, refuseNotFound, type ServiceContext } from "../context";
import { caseScope } from "./get-case-in-scope";

const REFERENCE = /^[A-Za-z0-9-]{4,40}$/;

/**
 * The state of a case as a prior-authorization answer reports it (FHIR $inquire, and $submit's
 * answer): status, the open information request, and the latest determination with the
 * criteria its findings cite. Looked up by the case reference within the viewer's scope; another
 * organization's case is an audited 404. Every reading is audited.
 */
export async function getPriorAuthStatus(ctx: ServiceContext, reference: string) {
  const [row] = REFERENCE.test(reference)
    ? await ctx.db
        .select()
        .from(cases)
        .where(and(eq(cases.reference, reference), caseScope(ctx)))
        .limit(1)
    : [];
  if (!row || row.status === "draft")
    return refuseNotFound(ctx, "case.read", {
      type: "case",
      id: REFERENCE.test(reference) ? reference : "invalid-reference",
    });
  const [[latest], [openRequest]] = await Promise.all([
    ctx.db
      .select()
      .from(determinations)
      .where(eq(determinations.caseId, row.id))
      .orderBy(desc(determinations.decidedAt))
      .limit(1),
    ctx.db
      .select({
        id: caseInformationRequests.id,
        message: caseInformationRequests.message,
        items: caseInformationRequests.items,
        requestedAt: caseInformationRequests.requestedAt,
        respondedAt: caseInformationRequests.respondedAt,
      })
      .from(caseInformationRequests)
      .where(eq(caseInformationRequests.caseId, row.id))
      .orderBy(desc(caseInformationRequests.requestedAt))
      .limit(1),
  ]);
  const findings = latest
    ? await ctx.db
        .select()
        .from(determinationFindings)
        .where(eq(determinationFindings.determinationId, latest.id))
        .orderBy(asc(determinationFindings.id))
    : [];
  const policy = getPolicyVersion(latest?.policyVersion ?? row.policyVersion ?? "") ?? undefined;
  const order = new Map((policy?.criteria ?? []).map((c, i) => [c.id, i]));
  findings.sort((a, b) => (order.get(a.criterionId) ?? 999) - (order.get(b.criterionId) ?? 999));
  await recordAudit(ctx, {
    action: "case.view",
    targetType: "case",
    targetId: row.id,
    caseId: row.id,
    details: { status: row.status, channel: "fhir" },
  });
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    policyVersion: latest?.policyVersion ?? row.policyVersion ?? "",
    cptCodes: row.request.request?.cptCodes ?? [],
    informationRequest: openRequest && !openRequest.respondedAt ? openRequest.message : null,
    openInformationRequest:
      openRequest && !openRequest.respondedAt
        ? { id: openRequest.id, items: openRequest.items, requestedAt: openRequest.requestedAt, dueAt: row.dueAt }
        : null,
    determination: latest
      ? {
          decision: latest.decision,
          decidedAt: latest.decidedAt,
          rationale: latest.rationale,
          findings: findings.map((f) => ({
            criterionId: f.criterionId,
            label: (policy && findCriterion(f.criterionId, policy)?.label) ?? f.criterionId,
            status: f.status,
            anchor: f.citationAnchor,
            quote: f.citationQuote,
          })),
        }
      : null,
  };
}

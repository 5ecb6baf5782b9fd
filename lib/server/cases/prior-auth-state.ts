// No "server-only": the outbox worker builds subscription notifications with it.
import { asc, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { caseInformationRequests, cases, determinationFindings, determinations } from "@/db/schema";
import type { PriorAuthState } from "@/lib/fhir/claim-response";
import { findCriterion, getPolicyVersion } from "@/lib/policy";

type CaseRow = typeof cases.$inferSelect;

/**
 * What a prior-authorization answer reports about a case (PAS $submit, $inquire, subscription
 * notifications): status, the open information request, and the latest determination with the
 * criteria its findings cite, in the policy's order. Reads only; scope and audit are the caller's.
 */
export async function readPriorAuthState(db: Db, row: CaseRow): Promise<PriorAuthState & { id: string }> {
  const [[latest], [openRequest]] = await Promise.all([
    db
      .select()
      .from(determinations)
      .where(eq(determinations.caseId, row.id))
      .orderBy(desc(determinations.decidedAt))
      .limit(1),
    db
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
    ? await db
        .select()
        .from(determinationFindings)
        .where(eq(determinationFindings.determinationId, latest.id))
        .orderBy(asc(determinationFindings.id))
    : [];
  const policy = getPolicyVersion(latest?.policyVersion ?? row.policyVersion ?? "") ?? undefined;
  const order = new Map((policy?.criteria ?? []).map((c, i) => [c.id, i]));
  findings.sort((a, b) => (order.get(a.criterionId) ?? 999) - (order.get(b.criterionId) ?? 999));
  const open = openRequest && !openRequest.respondedAt ? openRequest : null;
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    policyVersion: latest?.policyVersion ?? row.policyVersion ?? "",
    cptCodes: row.request.request?.cptCodes ?? [],
    informationRequest: open ? open.message : null,
    openInformationRequest: open
      ? { id: open.id, items: open.items, requestedAt: open.requestedAt, dueAt: row.dueAt }
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

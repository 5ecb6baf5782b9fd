// No "server-only": webhook messages are built by services and the worker alike.
import { asc, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attachments, caseInformationRequests, cases, determinations, evaluationSnapshots } from "@/db/schema";
import type { EvaluationResult } from "@/lib/policy";
import { displayFileName } from "@/lib/file-names";

/** What the summary is built from (a subset of getCaseDetail's answer). */
export interface CaseSummaryParts {
  case: Pick<typeof cases.$inferSelect, "id" | "reference" | "status" | "submittedAt" | "dueAt">;
  evaluation: EvaluationResult | null;
  openInformationRequest: { message: string; items: unknown; requestedAt: Date } | null;
  /** Newest first. */
  determinations: { id: string; kind: string; decision: string; decidedAt: Date; rationale: string }[];
  attachments: { id: string; fileName: string; contentType: string; size: number; sha256: string }[];
}

/**
 * The case summary of the JSON API (`GET /api/v1/cases/{id}`), which is also every webhook's
 * body: one serializer, so a provider system reads both the same way.
 */
export function caseSummaryJson(p: CaseSummaryParts) {
  const c = p.case;
  const latest = p.determinations[0];
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    submittedAt: c.submittedAt?.toISOString() ?? null,
    dueAt: c.dueAt?.toISOString() ?? null,
    evaluation: p.evaluation,
    informationRequest: p.openInformationRequest
      ? {
          message: p.openInformationRequest.message,
          items: p.openInformationRequest.items,
          requestedAt: p.openInformationRequest.requestedAt.toISOString(),
        }
      : null,
    determination: latest
      ? {
          id: latest.id,
          kind: latest.kind,
          decision: latest.decision,
          decidedAt: latest.decidedAt.toISOString(),
          rationale: latest.rationale,
          letterUrl: `/letters/${latest.id}`,
        }
      : null,
    attachments: p.attachments.map((a) => ({
      id: a.id,
      fileName: a.fileName,
      contentType: a.contentType,
      size: a.size,
      sha256: a.sha256,
    })),
  };
}

export type CaseSummary = ReturnType<typeof caseSummaryJson>;

/**
 * The summary of a case as it is in `db` (a transaction: as the change being committed leaves
 * it). No scope check and no audit: for the system's own deliveries (webhooks) to the case's
 * organization, never for a request.
 */
export async function loadCaseSummary(db: Db, caseId: string): Promise<CaseSummary | null> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId)).limit(1);
  if (!row) return null;
  const [snapshot] = await db
    .select({ result: evaluationSnapshots.result })
    .from(evaluationSnapshots)
    .where(eq(evaluationSnapshots.caseId, caseId))
    .orderBy(desc(evaluationSnapshots.createdAt))
    .limit(1);
  const infoRequests = await db
    .select()
    .from(caseInformationRequests)
    .where(eq(caseInformationRequests.caseId, caseId))
    .orderBy(desc(caseInformationRequests.requestedAt));
  const decisions = await db
    .select({
      id: determinations.id,
      kind: determinations.kind,
      decision: determinations.decision,
      decidedAt: determinations.decidedAt,
      rationale: determinations.rationale,
    })
    .from(determinations)
    .where(eq(determinations.caseId, caseId))
    .orderBy(desc(determinations.decidedAt));
  const files = await db
    .select({
      id: attachments.id,
      fileName: attachments.fileName,
      contentType: attachments.contentType,
      size: attachments.size,
      sha256: attachments.sha256,
    })
    .from(attachments)
    .where(eq(attachments.caseId, caseId))
    .orderBy(asc(attachments.createdAt));
  return caseSummaryJson({
    case: row,
    evaluation: snapshot?.result ?? null,
    openInformationRequest: infoRequests.find((r) => !r.respondedAt) ?? null,
    determinations: decisions,
    attachments: files.map((f) => ({ ...f, fileName: displayFileName(f.fileName) })),
  });
}

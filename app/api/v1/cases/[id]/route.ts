import { apiRoute, json } from "../../_lib/http";
import { getCaseDetail } from "@/lib/server/cases/get-case-detail";

/** GET /api/v1/cases/{id}: status, the latest evaluation, and the determination once decided. Another organization's case: 404 (audited). */
export const GET = apiRoute<{ id: string }>(async (_req, ctx, { id }) => {
  const detail = await getCaseDetail(ctx, id);
  const c = detail.case;
  const latest = detail.determinations[0];
  return json({
    id: c.id,
    reference: c.reference,
    status: c.status,
    submittedAt: c.submittedAt?.toISOString() ?? null,
    dueAt: c.dueAt?.toISOString() ?? null,
    evaluation: detail.evaluation,
    informationRequest: detail.openInformationRequest ? { message: detail.openInformationRequest.message, items: detail.openInformationRequest.items, requestedAt: detail.openInformationRequest.requestedAt.toISOString() } : null,
    determination: latest
      ? { id: latest.id, kind: latest.kind, decision: latest.decision, decidedAt: latest.decidedAt.toISOString(), rationale: latest.rationale, letterUrl: `/letters/${latest.id}` }
      : null,
    attachments: detail.attachments.map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, sha256: a.sha256 })),
  });
});

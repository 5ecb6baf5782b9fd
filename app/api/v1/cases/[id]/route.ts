import { apiRoute, json } from "../../_lib/http";
import { getCaseDetail } from "@/lib/server/cases/get-case-detail";
import { caseSummaryJson } from "@/lib/server/cases/case-summary";

/** GET /api/v1/cases/{id}: status, the latest evaluation, and the determination once decided. Another organization's case: 404 (audited). Webhooks send the same body. */
export const GET = apiRoute<{ id: string }>(async (_req, ctx, { id }) =>
  json(caseSummaryJson(await getCaseDetail(ctx, id))),
);

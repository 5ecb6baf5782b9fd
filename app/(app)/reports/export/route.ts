import { stringify } from "csv-stringify/sync";
import { errorResponse } from "@/app/api/v1/_lib/http";
import { getMetrics, metricsRows } from "@/lib/server/reports/metrics";
import { serviceContext } from "@/lib/server/viewer";
import { historyParams } from "@/lib/validation/history";

/** GET /reports/export?from&to&format=csv|json: the report's figures (audited with the period). */
export async function GET(request: Request) {
  try {
    const ctx = await serviceContext();
    const { format, ...params } = historyParams(Object.fromEntries(new URL(request.url).searchParams));
    const as = format === "json" ? "json" : "csv";
    const metrics = await getMetrics(ctx, params, as);
    const name = `metrics-${metrics.period.from}-${metrics.period.to}.${as}`;
    const headers = { "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" };
    if (as === "json") return new Response(JSON.stringify(metrics, null, 2), { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
    return new Response(stringify(metricsRows(metrics)), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  } catch (err) {
    return errorResponse(err);
  }
}

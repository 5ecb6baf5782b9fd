import { exportHistoryCsv } from "@/lib/server/history/export-history";
import { historyParams } from "@/lib/validation/history";
import { serviceContext } from "@/lib/server/viewer";
import { errorResponse } from "@/app/api/v1/_lib/http";

/** GET /history/export?<the history filters>: the filtered set as CSV, streamed. */
export async function GET(request: Request) {
  try {
    const ctx = await serviceContext();
    const params = historyParams(Object.fromEntries(new URL(request.url).searchParams));
    const body = await exportHistoryCsv(ctx, params);
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="decision-history-${stamp}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}

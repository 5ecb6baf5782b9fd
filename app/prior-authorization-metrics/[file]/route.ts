import { stringify } from "csv-stringify/sync";
import { requestMetaFrom } from "@/lib/client-address";
import { getDb } from "@/lib/server/db";
import { logInternalError } from "@/lib/server/errors";
import {
  getPublishedYear,
  publicMetricsCsvRows,
  publicMetricsJson,
  publicMetricsRateLimiter,
} from "@/lib/server/reports/public-metrics";
import { publicVersionParam, publicYearParam } from "@/lib/validation/public-metrics";

/** Public and cacheable for a short while: a new version shows within five minutes. */
const CACHE = "public, max-age=300";

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff", ...extra },
  });
}

/**
 * GET /prior-authorization-metrics/<year>.json | <year>.csv [?version=N]: a published year's
 * figures (the latest version unless N is given), no sign-in. 404 when not published.
 */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  try {
    const meta = requestMetaFrom(request.headers);
    if (!(await publicMetricsRateLimiter().take(`ip:${meta.ip ?? "unknown"}`)))
      return plain(429, "Too many requests. Wait a minute and try again.", { "retry-after": "60" });
    const { file } = await params;
    const match = /^(\d{4})\.(json|csv)$/.exec(file);
    const year = publicYearParam.safeParse(match?.[1]);
    const rawVersion = new URL(request.url).searchParams.get("version");
    const version = publicVersionParam.safeParse(rawVersion ?? undefined);
    if (!match || !year.success) return plain(404, "Not found. Downloads are named like 2025.json or 2025.csv.");
    if (!version.success) return plain(404, "Not published: there is no such version.");
    const published = await getPublishedYear(await getDb(), year.data, version.data);
    if (!published)
      return plain(404, `Not published: the prior-authorization metrics for ${year.data} have not been published.`);
    const shown = published.shown;
    const name = `prior-authorization-metrics-${shown.year}-v${shown.version}.${match[2]}`;
    const headers = {
      "cache-control": CACHE,
      "content-disposition": `attachment; filename="${name}"`,
      "x-content-type-options": "nosniff",
    };
    if (match[2] === "json")
      return new Response(JSON.stringify(publicMetricsJson(shown), null, 2), {
        headers: { ...headers, "content-type": "application/json; charset=utf-8" },
      });
    return new Response(stringify(publicMetricsCsvRows(shown)), {
      headers: { ...headers, "content-type": "text/csv; charset=utf-8" },
    });
  } catch (err) {
    const ref = crypto.randomUUID();
    logInternalError(ref, err);
    return plain(500, `Something went wrong on our side (reference ${ref}).`);
  }
}

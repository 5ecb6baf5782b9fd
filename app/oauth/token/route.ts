import { requestMeta } from "@/app/api/v1/_lib/http";
import { getDb } from "@/lib/server/db";
import { logInternalError } from "@/lib/server/errors";
import { apiRateLimiter } from "@/lib/server/rate-limit";
import { exchangeClientCredentials } from "@/lib/server/smart/token-endpoint";

const HEADERS = { "cache-control": "no-store", pragma: "no-cache", "x-content-type-options": "nosniff" };
const MAX_FORM_BYTES = 32 * 1024;

function oauthJson(body: object, status: number): Response {
  return Response.json(body, { status, headers: HEADERS });
}

/**
 * POST /oauth/token: SMART Backend Services (client_credentials grant, private_key_jwt client
 * authentication). Answers RFC 6749 token responses and errors; see lib/server/smart/token-endpoint.ts.
 */
export async function POST(req: Request): Promise<Response> {
  try {
    const meta = requestMeta(req);
    if (!(await apiRateLimiter().take(`ip:${meta.ip ?? "unknown"}`)))
      return oauthJson({ error: "invalid_request", error_description: "too many requests; wait a moment" }, 429);
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers.get("content-type") ?? ""))
      return oauthJson(
        { error: "invalid_request", error_description: "send the request as application/x-www-form-urlencoded" },
        400,
      );
    const text = await req.text();
    if (text.length > MAX_FORM_BYTES)
      return oauthJson({ error: "invalid_request", error_description: "the request is larger than 32 KB" }, 413);
    const form = Object.fromEntries(new URLSearchParams(text));
    const url = new URL(req.url);
    const answer = await exchangeClientCredentials(await getDb(), form, {
      tokenUrl: `${url.origin}${url.pathname}`,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    return oauthJson(answer.body, answer.status);
  } catch (err) {
    const ref = crypto.randomUUID();
    logInternalError(ref, err);
    return oauthJson(
      { error: "server_error", error_description: `something went wrong on our side (reference ${ref})` },
      500,
    );
  }
}

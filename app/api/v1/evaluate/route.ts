import { apiRoute, json, readJson } from "../_lib/http";
import { evaluateRequest, parseRequestOrThrow } from "@/lib/server/cases/shared";

/** POST /api/v1/evaluate: what the policy says about a FORMAT request. Stores nothing. */
export const POST = apiRoute(async (req) => {
  const request = parseRequestOrThrow(await readJson(req));
  return json(evaluateRequest(request));
});

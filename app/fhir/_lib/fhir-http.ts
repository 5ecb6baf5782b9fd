import "server-only";
import type { Resource } from "@medplum/fhirtypes";
import { apiRoute, authenticateWithApiKey, readJson, type Authenticate } from "@/app/api/v1/_lib/http";
import { getDb } from "@/lib/server/db";
import { recordAudit, recordRefusal, type ServiceContext } from "@/lib/server/context";
import {
  ForbiddenError,
  logInternalError,
  RateLimitedError,
  ServiceError,
  UnauthenticatedError,
} from "@/lib/server/errors";
import { looksLikeJwt } from "@/lib/server/smart/access-tokens";
import { authenticateAccessToken, authenticateCdsHooksJwt } from "@/lib/server/smart/authenticate-ehr";
import { apiKeysAllowedOnFhir } from "@/lib/server/smart/ehr-clients";
import { scopeNeeded, scopesAllow, type ScopeNeed } from "@/lib/fhir/smart-scopes";
import { FHIR_JSON } from "@/lib/fhir/constants";
import { operationOutcome, type IssueCode } from "@/lib/fhir/operation-outcome";
import type { PasIssue } from "@/lib/fhir/pas-bundle";

const FHIR_HEADERS = {
  "content-type": `${FHIR_JSON}; charset=utf-8`,
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

/** A PAS Bundle carries attachments as base64: 25 MB per file plus the encoding and the rest of the Bundle. */
const MAX_FHIR_BODY = { bytes: 40 * 1024 * 1024, label: "40 MB" };

export function fhirJson(body: Resource | object, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...FHIR_HEADERS, ...headers } });
}

const CODE_BY_STATUS: Record<number, IssueCode> = {
  400: "invalid",
  401: "login",
  403: "forbidden",
  404: "not-found",
  409: "conflict",
  410: "deleted",
  413: "too-costly",
  415: "not-supported",
  429: "throttled",
};

/** Every refusal as an OperationOutcome; an issue per element when the error names them (its path is the FHIRPath). */
function fhirErrorResponse(err: unknown): Response {
  if (err instanceof ServiceError) {
    const code = CODE_BY_STATUS[err.status] ?? "processing";
    const issues =
      err.issues.length > 0
        ? err.issues.map((i) => ({
            code,
            diagnostics: `${i.path ? `${i.path}: ` : ""}${i.message}`,
            expression: i.path || undefined,
          }))
        : [{ code, diagnostics: err.userMessage }];
    const headers: Record<string, string> =
      err instanceof RateLimitedError
        ? { "retry-after": "1" }
        : err.status === 401
          ? { "www-authenticate": 'Bearer realm="pa-portal"' }
          : {};
    return fhirJson(operationOutcome(issues), err.status, headers);
  }
  const ref = crypto.randomUUID();
  logInternalError(ref, err);
  return fhirJson(
    operationOutcome([
      { code: "exception", diagnostics: `Something went wrong on our side (reference ${ref}). Nothing was changed.` },
    ]),
    500,
  );
}

function bearerOf(req: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "")?.[1];
}

/**
 * API keys on /fhir and /cds-services only while the plan allows them (a practice migrating to
 * SMART Backend Services); otherwise a 401 that says what to use instead.
 */
async function apiKeyWhileAllowed(req: Request, meta: Parameters<Authenticate>[1], instead: string) {
  if (!(await apiKeysAllowedOnFhir(await getDb())))
    throw new UnauthenticatedError(`API keys do not open this endpoint: ${instead}`);
  return authenticateWithApiKey(req, meta);
}

const SMART_INSTEAD =
  "send an access token from SMART Backend Services (POST /oauth/token; see /fhir/.well-known/smart-configuration).";

/**
 * A FHIR route's caller: a SMART Backend Services access token holding the scope the interaction
 * needs (403 naming it otherwise, audited), or an API key while the plan allows them. Every call
 * made with a token is audited (`fhir.request`, naming the client); API-key calls as before.
 */
function fhirAuthentication(need: ScopeNeed): Authenticate {
  return async (req, meta) => {
    const token = bearerOf(req);
    if (!token || !looksLikeJwt(token)) return apiKeyWhileAllowed(req, meta, SMART_INSTEAD);
    const ctx = await authenticateAccessToken(await getDb(), token, meta);
    const path = new URL(req.url).pathname;
    if (!scopesAllow(ctx.scopes, need)) {
      await recordRefusal(ctx, "fhir.request", { reason: `token lacks ${scopeNeeded(need)} for ${path}` });
      throw new ForbiddenError(
        `This access token does not grant ${scopeNeeded(need)}, which ${path} needs; ask for it at the token endpoint.`,
      );
    }
    await recordAudit(ctx, { action: "fhir.request", details: { path, scopes: ctx.scopes } });
    return { ...ctx, rateKey: `smart:${ctx.ehrClient.clientId}` };
  };
}

/** A FHIR route: SMART access tokens with the interaction's scope (or API keys while allowed), rate limits, OperationOutcome errors. */
export function fhirRoute<P>(
  need: ScopeNeed,
  handler: (req: Request, ctx: ServiceContext, params: P) => Promise<Response>,
) {
  return apiRoute(handler, fhirErrorResponse, fhirAuthentication(need));
}

/**
 * A CDS Hooks service's caller: the EHR's signed JWT (CDS Hooks 2.0; `aud` is this service's
 * address), or an API key while the plan allows them; 401 otherwise, audited.
 */
const cdsHooksAuthentication: Authenticate = async (req, meta) => {
  const token = bearerOf(req);
  if (!token || !looksLikeJwt(token))
    return apiKeyWhileAllowed(req, meta, "sign each hook call with your EHR's registered key (CDS Hooks JWT).");
  const url = new URL(req.url);
  const ctx = await authenticateCdsHooksJwt(await getDb(), token, `${url.origin}${url.pathname}`, meta);
  await recordAudit(ctx, { action: "cds_hooks.request", details: { path: url.pathname } });
  return { ...ctx, rateKey: `cds:${ctx.ehrClient.clientId}` };
};

export function cdsHooksRoute<P>(handler: (req: Request, ctx: ServiceContext, params: P) => Promise<Response>) {
  return apiRoute(handler, fhirErrorResponse, cdsHooksAuthentication);
}

export const readFhirJson = (req: Request) => readJson(req, MAX_FHIR_BODY);

const CODE_BY_KIND: Record<PasIssue["kind"], IssueCode> = {
  invalid: "invalid",
  required: "required",
  "not-found": "not-found",
  "too-large": "too-costly",
  "unsupported-type": "not-supported",
};

/** A refused Bundle: 400 naming each element (413 / 415 when an attachment is too large / of another type). */
export function bundleRefusal(issues: readonly PasIssue[]): Response {
  const status = issues.some((i) => i.kind === "too-large")
    ? 413
    : issues.some((i) => i.kind === "unsupported-type")
      ? 415
      : 400;
  return fhirJson(
    operationOutcome(
      issues.map((i) => ({
        code: CODE_BY_KIND[i.kind],
        diagnostics: `${i.expression}: ${i.message}`,
        expression: i.expression,
      })),
    ),
    status,
  );
}

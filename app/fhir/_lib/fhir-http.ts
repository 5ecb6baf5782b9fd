import "server-only";
import type { Resource } from "@medplum/fhirtypes";
import { apiRoute, readJson } from "@/app/api/v1/_lib/http";
import type { ServiceContext } from "@/lib/server/context";
import { logInternalError, RateLimitedError, ServiceError } from "@/lib/server/errors";
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

/** A FHIR route: the JSON API's authentication (organization API keys) and rate limits, OperationOutcome errors. */
export function fhirRoute<P>(handler: (req: Request, ctx: ServiceContext, params: P) => Promise<Response>) {
  return apiRoute(handler, fhirErrorResponse);
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

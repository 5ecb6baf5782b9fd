import "server-only";
import { getDb } from "@/lib/server/db";
import { requestMetaFrom } from "@/lib/client-address";
import { apiKeyCache, authenticateApiKey } from "@/lib/server/api-keys/authenticate-api-key";
import type { ServiceContext } from "@/lib/server/context";
import {
  logInternalError,
  RateLimitedError,
  ServiceError,
  UnauthenticatedError,
  ValidationError,
} from "@/lib/server/errors";
import { apiRateLimiter, shouldRecordRefusal } from "@/lib/server/rate-limit";
import { recordSystemAudit } from "@/lib/server/context";
import { MAX_ATTACHMENT_BYTES } from "@/lib/file-type";
import { PayloadTooLargeError, UnsupportedMediaTypeError } from "@/lib/server/errors";

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};
const MAX_JSON_BYTES = 1024 * 1024;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** Every error as { error: { message, issues } }: a ServiceError's safe message, or a reference for anything unexpected (no stack trace). */
export function errorResponse(err: unknown): Response {
  if (err instanceof ServiceError) {
    const headers: Record<string, string> =
      err instanceof RateLimitedError
        ? { "retry-after": "1" }
        : err.status === 401
          ? { "www-authenticate": 'Bearer realm="pa-portal"' }
          : {};
    return json({ error: { code: err.code, message: err.userMessage, issues: err.issues } }, err.status, headers);
  }
  const ref = crypto.randomUUID();
  logInternalError(ref, err);
  return json(
    {
      error: {
        code: "INTERNAL",
        message: `Something went wrong on our side (reference ${ref}). Nothing was changed.`,
        issues: [],
      },
    },
    500,
  );
}

export const requestMeta = (req: Request) => requestMetaFrom(req.headers);
export type RequestMeta = ReturnType<typeof requestMeta>;

/** Who calls an API route, and the key its rate is limited under. */
export type Authenticate = (req: Request, meta: RequestMeta) => Promise<ServiceContext & { rateKey: string }>;

/** The JSON API's callers: organizations' API keys. */
export const authenticateWithApiKey: Authenticate = async (req, meta) => {
  const ctx = await authenticateApiKey(await getDb(), req.headers.get("authorization"), meta, apiKeyCache());
  return { ...ctx, client: { kind: "api_key", id: ctx.apiKeyId }, rateKey: `key:${ctx.apiKeyId}` };
};

/**
 * An API route: authenticates the caller (401; API keys unless the route says otherwise), limits
 * the rate per caller (429), runs the handler and maps every error to a JSON answer (`toResponse`:
 * the FHIR API answers OperationOutcomes).
 */
export function apiRoute<P>(
  handler: (req: Request, ctx: ServiceContext, params: P) => Promise<Response>,
  toResponse: (err: unknown) => Response = errorResponse,
  authenticate: Authenticate = authenticateWithApiKey,
) {
  return async (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const meta = requestMeta(req);
      const limiter = apiRateLimiter();
      // Unauthenticated guessing is limited per address, authenticated use per caller.
      if (!(await limiter.take(`ip:${meta.ip ?? "unknown"}`))) throw new RateLimitedError();
      const { rateKey, ...ctx } = await authenticate(req, meta);
      if (!(await limiter.take(rateKey))) throw new RateLimitedError();
      return await handler(req, ctx, await route.params);
    } catch (err) {
      if (err instanceof UnauthenticatedError || err instanceof RateLimitedError) await recordApiRefusal(req, err);
      return toResponse(err);
    }
  };
}

async function recordApiRefusal(req: Request, err: ServiceError): Promise<void> {
  const meta = requestMeta(req);
  try {
    if (!(await shouldRecordRefusal(`api:${err.code}`, meta.ip))) return;
    const db = await getDb();
    await recordSystemAudit(db, meta, {
      action: "api.request",
      outcome: "refused",
      details: {
        reason: err.code === "RATE_LIMITED" ? "too many requests" : err.userMessage,
        path: new URL(req.url).pathname,
      },
    });
  } catch (auditErr) {
    logInternalError(crypto.randomUUID(), auditErr);
  }
}

/**
 * The JSON body, or a 400 that says what is wrong with it; 413 over `limit` (1 MB unless the
 * route says otherwise), refused before reading when Content-Length says so.
 */
export async function readJson(
  req: Request,
  limit: { bytes: number; label: string } = { bytes: MAX_JSON_BYTES, label: "1 MB" },
): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type))
    throw new ValidationError("Send the body as JSON with 'Content-Type: application/json'.", [
      { path: "", message: "must be JSON" },
    ]);
  const declared = declaredLength(req);
  if (declared !== null && declared > limit.bytes)
    throw new PayloadTooLargeError(`The JSON body is larger than ${limit.label}.`);
  const bytes = await readCapped(
    req,
    limit.bytes,
    () => new PayloadTooLargeError(`The JSON body is larger than ${limit.label}.`),
  );
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError("The body is not valid UTF-8 JSON.", [{ path: "", message: "is not valid JSON" }]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("The body is not valid JSON.", [{ path: "", message: "is not valid JSON" }]);
  }
}

/** The Content-Length header as a number: null when absent, a 400 when it is not a whole number. */
function declaredLength(req: Request): number | null {
  const raw = req.headers.get("content-length");
  if (raw === null) return null;
  if (!/^\d+$/.test(raw.trim()))
    throw new ValidationError("The Content-Length header is not a number.", [
      { path: "Content-Length", message: "must be a whole number of bytes" },
    ]);
  return Number(raw.trim());
}

/** Reads the body as a stream, stopping (and cancelling it) as soon as it passes `limit` bytes. */
async function readCapped(req: Request, limit: number, tooLarge: () => Error): Promise<Uint8Array> {
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** A little room for the multipart envelope around a 25 MB file. */
const MAX_UPLOAD_BODY_BYTES = MAX_ATTACHMENT_BYTES + 64 * 1024;

/** 413 unless the upload declares its size (Content-Length) and that size is within the limit; reads nothing. */
export function assertUploadLength(req: Request): void {
  const length = declaredLength(req);
  if (length === null)
    throw new PayloadTooLargeError(
      "Send the upload with a Content-Length header (at most 25 MB per file); a body of unknown size is refused.",
    );
  if (length > MAX_UPLOAD_BODY_BYTES)
    throw new PayloadTooLargeError("The file is larger than 25 MB, the limit per file.");
}

/**
 * The `file` field of a multipart upload as bytes, refusing oversize bodies before reading them:
 * the body must declare its size (Content-Length; 413 without it, since formData() would otherwise
 * buffer an unbounded body) and that size must be within the limit.
 */
export async function readUploadedFile(
  req: Request,
): Promise<{ fileName: string; bytes: Uint8Array; declaredSize: number; documentKind?: string }> {
  assertUploadLength(req);
  if (!/^multipart\/form-data\b/i.test(req.headers.get("content-type") ?? ""))
    throw new UnsupportedMediaTypeError("Send the file as multipart/form-data in a field named 'file'.");
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new ValidationError("The upload could not be read as multipart/form-data.", [
      { path: "file", message: "could not be read" },
    ]);
  }
  const file = form.get("file");
  if (!file || typeof file === "string")
    throw new ValidationError("Attach the file in a field named 'file'.", [{ path: "file", message: "is required" }]);
  if (file.size > MAX_ATTACHMENT_BYTES)
    throw new PayloadTooLargeError(`${file.name || "The file"} is larger than 25 MB, the limit per file.`);
  const kind = form.get("kind");
  return {
    fileName: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
    declaredSize: file.size,
    ...(typeof kind === "string" ? { documentKind: kind } : {}),
  };
}

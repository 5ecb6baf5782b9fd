import "server-only";

export interface Issue {
  path: string;
  message: string;
}

/** A refusal to write to the audit trail once the transaction that found it has rolled back. */
export interface DeferredRefusal {
  action: string;
  type?: string;
  id?: string;
  caseId?: string;
  reason: string;
}

/** An error whose message is safe and useful to show to the person who caused it. */
export class ServiceError extends Error {
  /** Set when the refusal was found inside a transaction: `withTransaction` records it after rollback. */
  deferredRefusal?: DeferredRefusal;

  constructor(
    readonly code: string,
    readonly status: number,
    readonly userMessage: string,
    readonly issues: Issue[] = [],
  ) {
    super(userMessage);
    this.name = new.target.name;
  }
}

export class ValidationError extends ServiceError {
  constructor(message: string, issues: Issue[] = []) {
    super("INVALID_INPUT", 400, message, issues);
  }
}
export class UnauthenticatedError extends ServiceError {
  constructor(message = "Sign in to continue.") {
    super("UNAUTHENTICATED", 401, message);
  }
}
export class ForbiddenError extends ServiceError {
  constructor(message = "Your role may not do this.") {
    super("FORBIDDEN", 403, message);
  }
}
export class NotFoundError extends ServiceError {
  constructor(what = "record") {
    super("NOT_FOUND", 404, `No such ${what}, or you may not see it.`);
  }
}
/** The record existed and was deleted (FHIR: a read of a deleted resource answers 410). */
export class GoneError extends ServiceError {
  constructor(what = "record") {
    super("GONE", 410, `This ${what} was deleted.`);
  }
}
export class ConflictError extends ServiceError {
  constructor(message: string) {
    super("CONFLICT", 409, message);
  }
}
export class PayloadTooLargeError extends ServiceError {
  constructor(message: string) {
    super("TOO_LARGE", 413, message);
  }
}
export class UnsupportedMediaTypeError extends ServiceError {
  constructor(message: string) {
    super("UNSUPPORTED_TYPE", 415, message);
  }
}
export class RateLimitedError extends ServiceError {
  constructor(message = "Too many requests. Wait a moment and try again.") {
    super("RATE_LIMITED", 429, message);
  }
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; code: string; message: string; issues?: Issue[] };

export function ok<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}

/**
 * Turns any thrown error into something a page may show. Unknown errors keep their details
 * in the server log under a reference; the person sees only the reference.
 */
export function toActionResult(err: unknown): { ok: false; code: string; message: string; issues?: Issue[] } {
  if (err instanceof ServiceError)
    return { ok: false, code: err.code, message: err.userMessage, issues: err.issues.length ? err.issues : undefined };
  const ref = crypto.randomUUID();
  logInternalError(ref, err);
  return {
    ok: false,
    code: "INTERNAL",
    message: `Something went wrong on our side (reference ${ref}). Nothing was changed.`,
  };
}

/** Logs an unexpected error without its message (it may carry data), only its kind and stack frames. */
export function logInternalError(ref: string, err: unknown): void {
  const e = err as { name?: string; code?: string; stack?: string };
  const frames = (e?.stack ?? "")
    .split("\n")
    .filter((l) => l.trim().startsWith("at "))
    .slice(0, 8)
    .join("\n");
  console.error(`[error ${ref}] ${e?.name ?? typeof err}${e?.code ? ` code=${e.code}` : ""}\n${frames}`);
}

import "server-only";
import { createHash, randomInt } from "node:crypto";
import type { Db } from "@/db/client";
import { evaluationSnapshots } from "@/db/schema";
import { canonicalJson } from "@/lib/canonical-json";
import {
  evaluate,
  parsePolicyRequest,
  type EvaluationResult,
  type PolicyRequest,
  type PolicyRequestDraft,
} from "@/lib/policy";
import { ValidationError } from "../errors";

/** A complete FORMAT request, or a ValidationError with the policy schema's per-field issues. */
export function parseRequestOrThrow(input: unknown, pathPrefix = ""): PolicyRequest {
  const parsed = parsePolicyRequest(input);
  if (parsed.ok) return parsed.data;
  throw new ValidationError(
    parsed.error.message,
    parsed.error.issues.map((i) => ({
      path: pathPrefix ? (i.path ? `${pathPrefix}.${i.path}` : pathPrefix) : i.path,
      message: i.message,
    })),
  );
}

export function evaluateRequest(request: PolicyRequest): EvaluationResult {
  return evaluate(request);
}

/** What an idempotent retry must repeat exactly: the request and the member columns. */
export function requestHashOf(content: {
  request: unknown;
  memberId?: string | null;
  memberName?: string | null;
}): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        request: content.request,
        memberId: content.memberId ?? null,
        memberName: content.memberName ?? null,
      }),
    )
    .digest("hex");
}

/** PA-2026-000123: the year and six random digits (a collision is retried by the caller). */
export function newCaseReference(now = new Date()): string {
  return `PA-${now.getUTCFullYear()}-${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
}

/** True for PostgreSQL's unique violation (23505), optionally on one named constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (
    let e = err as
        { code?: string; constraint_name?: string; constraint?: string; message?: string; cause?: unknown } | undefined,
      depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    if (e.code === "23505") {
      if (!constraint) return true;
      const name = e.constraint_name ?? e.constraint ?? "";
      return name === constraint || (e.message ?? "").includes(constraint);
    }
  }
  return false;
}

export async function storeSnapshot(
  tx: Db,
  args: { caseId: string; reason: string; request: PolicyRequest; result: EvaluationResult; userId: string },
) {
  const [row] = await tx
    .insert(evaluationSnapshots)
    .values({
      caseId: args.caseId,
      reason: args.reason,
      policyVersion: args.result.policy.version,
      outcome: args.result.outcome,
      request: args.request,
      result: args.result,
      createdBy: args.userId,
    })
    .returning({ id: evaluationSnapshots.id });
  return row!.id;
}

/** The request fields the cases table keeps in columns (for lists, filters and the queue). */
export function requestColumns(request: PolicyRequestDraft | undefined) {
  const r = request?.request;
  return {
    urgency: r?.urgency ?? null,
    indication: r?.indication ?? null,
    phase: r?.phase ?? null,
    requestDate: r?.requestDate ?? null,
  };
}

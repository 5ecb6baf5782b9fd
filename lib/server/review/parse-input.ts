import "server-only";
import type { z } from "zod";
import { issuePath } from "@/lib/validation/review";
import { ValidationError } from "../errors";

/** Parses with zod; a failure becomes a ValidationError naming each field (never the values). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: issuePath(i.path), message: i.message }));
  const first = issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  throw new ValidationError(`The ${what} is not valid: ${first}.`, issues);
}

/** The case id of a raw input, for the audit record of a refusal (only when it is a well-formed id). */
export function caseIdOf(input: unknown): string | undefined {
  const id = (input as { caseId?: unknown } | null)?.caseId;
  return typeof id === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : undefined;
}

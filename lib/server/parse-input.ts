import "server-only";
import type { z } from "zod";
import { issuesOf } from "@/lib/validation/case-input";
import { ValidationError } from "./errors";

/**
 * Parses a service's input with its zod schema (the one the form and the API share). A failure
 * is a ValidationError naming each field and what is wrong with it (never the values); a schema
 * rule with its own sentence for people (`params.refusal`) gives the error its message; with
 * `sentences`, every message of the schema is such a sentence.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what = "input",
  { sentences = false }: { sentences?: boolean } = {},
): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error);
  // A schema written for people (each message a whole sentence) is answered in those sentences.
  if (sentences) throw new ValidationError([...new Set(issues.map((i) => i.message))].join(" "), issues);
  const refusal = parsed.error.issues
    .map((i) => (i.code === "custom" ? (i.params as { refusal?: string } | undefined)?.refusal : undefined))
    .find(Boolean);
  if (refusal) throw new ValidationError(refusal, issues);
  const first = issues
    .slice(0, 5)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join("; ");
  throw new ValidationError(`The ${what} is not valid: ${first}.`, issues);
}

/** The case id of a raw input, for the audit record of a refusal (only when it is a well-formed id). */
export function caseIdOf(input: unknown): string | undefined {
  const id = (input as { caseId?: unknown } | null)?.caseId;
  return typeof id === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
    ? id
    : undefined;
}

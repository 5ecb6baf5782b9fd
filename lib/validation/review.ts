// The reviewer's inputs, shared by the workspace form, the server actions and the services.
// Quotes are never accepted from the client: a finding names an anchor, the server derives the
// quoted words from the policy version (see lib/server/review/resolve-findings.ts).
import { z } from "./zod";

import { FINDING_STATUSES, INTERQUAL_RESULTS } from "@/lib/domain";
import { INDICATIONS, PHASES, URGENCIES } from "@/lib/policy/constants";
import { outcomeSchema } from "@/lib/policy/schema";
export { FINDING_STATUS_LABELS, engineDefaultStatus } from "@/lib/domain";

const uuid = (what: string) => z.string({ error: `${what} is required` }).uuid({ error: `${what} must be a valid id` });
const caseRef = {
  caseId: uuid("caseId"),
  /** The case version the reviewer saw: a stale version is a conflict, never a silent overwrite. */
  version: z.number({ error: "version must be a number" }).int().positive(),
};

const evidencePointerSchema = z.object({
  attachmentId: uuid("The attachment"),
  page: z
    .number({ error: "The page must be a number" })
    .int({ error: "The page must be a whole number" })
    .min(1, { error: "The page must be 1 or more" })
    .max(10_000)
    .optional(),
});

export const findingInputSchema = z.object({
  criterionId: z.string({ error: "criterionId is required" }).min(1).max(120),
  status: z.enum(FINDING_STATUSES, { error: "Choose met, not met, not documented or not applicable" }),
  /** A passage anchor of the case's policy version; the criterion's own passage when absent. */
  citationAnchor: z.string().trim().max(120).optional(),
  evidence: z.array(evidencePointerSchema).max(40, { error: "At most 40 evidence pointers per criterion" }).default([]),
  note: z.string().trim().max(4000, { error: "The note is too long (4,000 characters at most)" }).optional(),
});
export type FindingInput = z.input<typeof findingInputSchema>;

export const interqualSchema = z.object({
  subset: z
    .string({ error: "Name the InterQual subset applied" })
    .trim()
    .min(3, { error: "Name the InterQual subset applied" })
    .max(200),
  result: z.enum(INTERQUAL_RESULTS, { error: "Choose the InterQual result: met or not met" }),
});

const rationale = (min: number) =>
  z
    .string({ error: "Write a rationale" })
    .trim()
    .min(min, { error: `Write a rationale of at least ${min} characters` })
    .max(5000, { error: "The rationale is too long (5,000 characters at most)" });

const findings = z.array(findingInputSchema, { error: "findings must be a list" }).max(60);

export const approveCaseInput = z.object({
  ...caseRef,
  findings,
  rationale: rationale(10),
  interqual: interqualSchema.optional(),
});
export const denyCaseInput = z.object({
  ...caseRef,
  findings,
  rationale: rationale(20),
  interqual: interqualSchema.optional(),
});
export const decideUnaddressedInput = z.object({
  ...caseRef,
  decision: z.enum(["approved", "denied"], { error: "Choose approve or deny" }),
  findings: findings.default([]),
  rationale: rationale(20),
});
export const decideAppealInput = z.object({
  ...caseRef,
  decision: z.enum(["appeal_upheld", "appeal_overturned"], { error: "Choose upheld or overturned" }),
  findings,
  rationale: rationale(20),
  interqual: interqualSchema.optional(),
});
export const pendCaseInput = z.object({
  ...caseRef,
  message: z
    .string({ error: "Write a message to the provider" })
    .trim()
    .min(10, { error: "Write a message to the provider (10 characters at least)" })
    .max(4000),
  items: z
    .array(z.string().trim().min(2, { error: "Each item needed must say what is needed" }).max(300), {
      error: "items must be a list",
    })
    .min(1, { error: "List at least one item needed" })
    .max(20),
});
export const escalateCaseInput = z.object({
  ...caseRef,
  reason: z
    .string({ error: "Say why a physician should decide" })
    .trim()
    .min(10, { error: "Say why a physician should decide (10 characters at least)" })
    .max(2000),
});
export const claimCaseInput = z.object(caseRef);
export const releaseCaseInput = z.object(caseRef);
export const saveReviewDraftInput = z.object({
  caseId: uuid("caseId"),
  content: z
    .record(z.string(), z.unknown())
    .refine((c) => JSON.stringify(c).length <= 200_000, { error: "The draft is too large" }),
});

const cursorDueAt = z.iso.datetime({ offset: false, local: false });
const cursorId = z.uuid();

/**
 * A keyset cursor as the queue writes it: "<due time, ISO 8601 in UTC>_<case id>". Both halves
 * are checked in full (a real calendar date and time, a real UUID) so a crafted link is a
 * message, never a database error.
 */
function isQueueCursor(value: string): boolean {
  const at = value.lastIndexOf("_");
  if (at < 0) return false;
  const dueAt = value.slice(0, at);
  const id = value.slice(at + 1);
  return cursorDueAt.safeParse(dueAt).success && !Number.isNaN(Date.parse(dueAt)) && cursorId.safeParse(id).success;
}

export const queueFilterInput = z.object({
  view: z.enum(["main", "physician"]).default("main"),
  urgency: z.enum(URGENCIES).optional(),
  indication: z.enum(INDICATIONS).optional(),
  phase: z.enum(PHASES).optional(),
  status: z.enum(["submitted", "in_review", "pending_information", "appeal_submitted", "appeal_in_review"]).optional(),
  engineOutcome: outcomeSchema.optional(),
  assigned: z.enum(["me", "unassigned"]).optional(),
  // Not z.coerce.boolean(): the string "false" would come out true.
  overdue: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")], {
      error: "overdue must be true or false",
    })
    .optional(),
  /** Keyset cursor: "<dueAt ISO>_<id>" of the last row of the previous page. */
  after: z
    .string()
    .refine(isQueueCursor, { error: "The page link is not valid; go back to the first page of the queue" })
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  /**
   * A case reference (or part of one) or a member ID (whole). Never taken from the URL: a member
   * ID is PHI, so the queue's search is a POST (see app/(app)/queue/actions.ts).
   */
  q: z
    .string()
    .trim()
    .min(3, { error: "Type at least 3 characters of a case reference or a member ID" })
    .max(100)
    .optional(),
});
export type QueueFilter = z.input<typeof queueFilterInput>;

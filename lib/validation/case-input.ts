// Input shapes of the provider side (form, server actions, JSON API). The clinical request itself
// is THE policy schema (lib/policy/schema.ts); these wrap it with what the portal adds: the
// member's identifier and name (kept in their own columns, never in the FORMAT request), the
// case being edited and the form instance's idempotency key.
import { z } from "./zod";
import { WITHDRAW_REASONS } from "@/lib/domain";
import { DOCUMENT_KINDS } from "@/lib/policy/document-kinds";

const uuid = (what: string) =>
  z
    .string({ error: `must be the ${what} id` })
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: `must be a valid ${what} id` });
const version = z
  .number({ error: "must be the case version you opened (a whole number)" })
  .int({ error: "must be a whole number" })
  .min(1);

/** Idempotency keys: what a client generates per form instance or per API call (a UUID fits). */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(8, { error: "must be at least 8 characters" })
  .max(200, { error: "must be at most 200 characters" })
  .regex(/^[\x21-\x7e]+$/, { error: "must be printable characters without spaces" });

const memberId = z.string({ error: "must be text" }).trim().max(64, { error: "must be at most 64 characters" });
const memberName = z.string({ error: "must be text" }).trim().max(200, { error: "must be at most 200 characters" });

/** Saving a draft: the request may be incomplete; whatever is there must be well-formed. */
export const saveDraftInput = z.object({
  caseId: uuid("case").optional(),
  version: version.optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
  memberId: memberId.optional(),
  memberName: memberName.optional(),
  request: z.unknown(),
});

/** Submitting: a new request, or the draft `caseId`. The request is checked by the policy schema. */
export const submitCaseInput = z.object({
  caseId: uuid("case").optional(),
  version: version.optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
  memberId: memberId.min(1, { error: "is required" }).optional(),
  memberName: memberName.min(1, { error: "is required" }).optional(),
  request: z.unknown(),
  /** The provider attests the facts are true and documented in the attached records (real-time approval needs it). */
  attested: z.boolean({ error: "must be true or false" }).optional(),
});

/** The web form names the member (the API's FORMAT body has no place for them): a submission without them is refused with this. */
const requiredOnForm = {
  error: "is required",
  params: { refusal: "Enter the member’s ID and name before submitting." },
};
const requiredText = (field: z.ZodType<string, string>) =>
  z
    .unknown()
    .refine((v) => typeof v === "string" && v.trim() !== "", requiredOnForm)
    .pipe(field);

/** Submitting from the web form: as submitCaseInput, with the member's ID and name required. */
export const submitCaseFormInput = submitCaseInput.extend({
  memberId: requiredText(memberId),
  memberName: requiredText(memberName),
});

// Withdraw reasons live with the lifecycle (no zod there, so client components stay light).
export { WITHDRAW_REASON_LABELS, type WithdrawReason } from "@/lib/domain";

/**
 * POST /api/v1/cases bodies. The documented shape is an envelope naming the member:
 *   { "memberId": "N-10001", "memberName": "Pat Example", "request": { <FORMAT request> } }
 * For FORMAT compatibility a bare FORMAT request ({ member, request, clinical }) is accepted too;
 * its member ID and name may then come from the `X-Member-Id` / `X-Member-Name` headers (a FORMAT
 * request has no place for them). The body is an envelope when its `request` is itself a FORMAT
 * request (has `request` or `member` keys) and there is no top-level `member`.
 */
const apiCaseEnvelope = z.object({
  memberId: memberId.min(1, { error: "is required" }),
  memberName: memberName.min(1, { error: "is required" }),
  request: z.record(z.string(), z.unknown(), { error: "must be the FORMAT request (an object)" }),
  attested: z.boolean({ error: "must be true or false" }).optional(),
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function isApiCaseEnvelope(body: unknown): boolean {
  if (!isObject(body) || "member" in body) return false;
  if ("memberId" in body || "memberName" in body) return true;
  return isObject(body.request) && ("request" in body.request || "member" in body.request);
}

/**
 * The submitCase input for an API body (envelope or bare FORMAT request, see apiCaseEnvelope),
 * or a ValidationError-shaped list of issues naming each wrong field.
 */
export function apiCaseBodyToInput(
  body: unknown,
  headers: { get(name: string): string | null },
):
  | { ok: true; input: { request: unknown; memberId?: string; memberName?: string; attested?: boolean } }
  | { ok: false; issues: { path: string; message: string }[] } {
  if (isApiCaseEnvelope(body)) {
    const parsed = apiCaseEnvelope.safeParse(body);
    if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
    return { ok: true, input: parsed.data };
  }
  const fromHeaders = z
    .object({
      "X-Member-Id": memberId.min(1, { error: "must not be empty" }).optional(),
      "X-Member-Name": memberName.min(1, { error: "must not be empty" }).optional(),
    })
    .safeParse({
      "X-Member-Id": headers.get("x-member-id") ?? undefined,
      "X-Member-Name": headers.get("x-member-name") ?? undefined,
    });
  if (!fromHeaders.success) return { ok: false, issues: issuesOf(fromHeaders.error) };
  return {
    ok: true,
    input: { request: body, memberId: fromHeaders.data["X-Member-Id"], memberName: fromHeaders.data["X-Member-Name"] },
  };
}

export const withdrawCaseInput = z.object({
  caseId: uuid("case"),
  version,
  reason: z.enum(WITHDRAW_REASONS, { error: `must be one of: ${WITHDRAW_REASONS.join(", ")}` }),
});

export const respondToInformationRequestInput = z.object({
  caseId: uuid("case"),
  version,
  note: z
    .string({ error: "is required" })
    .trim()
    .min(5, { error: "must say what you are sending (at least 5 characters)" })
    .max(5000, { error: "must be at most 5000 characters" }),
  /** The updated FORMAT request with the new facts, when facts changed. */
  request: z.unknown().optional(),
});

export const fileAppealInput = z.object({
  caseId: uuid("case"),
  version,
  reason: z
    .string({ error: "is required" })
    .trim()
    .min(20, { error: "must explain why the decision should change (at least 20 characters)" })
    .max(10000, { error: "must be at most 10000 characters" }),
  request: z.unknown().optional(),
});

export const listCasesInput = z.object({
  status: z.string().optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
/** The case list's search form: its pages hold 25 cases, whatever the caller sends. */
export const caseSearchInput = listCasesInput
  .omit({ pageSize: true })
  .transform((search) => ({ ...search, pageSize: 25 }));

export const createApiKeyInput = z.object({
  name: z
    .string({ error: "is required" })
    .trim()
    .min(2, { error: "must be at least 2 characters" })
    .max(80, { error: "must be at most 80 characters" }),
});
export const revokeApiKeyInput = z.object({ keyId: uuid("API key") });

/** Zod issues as { path, message } with FORMAT-style paths ("clinical.trial.date", "cptCodes[0]"). */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({
    path: i.path.reduce<string>(
      (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
      "",
    ),
    message: i.message,
  }));
}

/** What an uploaded record is (the upload form's select, the API's multipart field "kind"); absent or empty: not said. */
export const documentKindSchema = z
  .union([z.literal(""), z.enum(DOCUMENT_KINDS)], {
    error: `must be one of ${DOCUMENT_KINDS.join(", ")} (or left out)`,
  })
  .nullish()
  .transform((v) => (v ? v : null));

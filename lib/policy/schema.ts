// The request contract of reference/conformance/FORMAT.md as ONE zod schema, shared by the
// forms, the server actions, the JSON API, `npm run policy:evaluate` and `evaluate`.
//
// Absent means "not documented", which differs from a documented negative (`false`, `[]`), so
// optional keys stay optional (no defaults are filled in). Unknown keys are dropped.
// Messages name no values (they may be shown or logged); the path names the field.

import { z } from "../validation/zod";
import { dateKey, isIsoDate } from "./dates";
import { OUTCOMES } from "./types";

export * from "./constants";
import {
  LINES_OF_BUSINESS,
  URGENCIES,
  PHASES,
  INDICATIONS,
  FURTHER_TREATMENT_OPTIONS,
  THERAPY_MODALITIES,
  THERAPY_OUTCOMES,
  SPASTICITY_SCALES,
  TRIAL_ROUTES,
  PAIN_SCALES,
  TRIAL_CODES,
  IMPLANT_CODES,
  MAX_CPT_CODES,
  MAX_LIST_LENGTH,
  MAX_TEXT_LENGTH,
  PAIN_SCALE_MAX,
  DEFAULT_PAIN_SCALE,
  type PainScale,
} from "./constants";

// ---------------------------------------------------------------------------------------------
// Leaf schemas with plain-language messages ("is required", "must be ...").

function expecting(what: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}`) };
}

const DATE_MESSAGE = "must be a real date in the form YYYY-MM-DD";
const isoDate = () => z.string(expecting("a date in the form YYYY-MM-DD")).refine(isIsoDate, { error: DATE_MESSAGE });
const text = () =>
  z
    .string(expecting("text"))
    .max(MAX_TEXT_LENGTH, { error: `must be at most ${MAX_TEXT_LENGTH.toLocaleString("en-US")} characters` });
const bool = () => z.boolean(expecting("true or false"));
const score = () => z.number(expecting("a number")).min(0, { error: "must not be negative" });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, expecting(`one of: ${values.join(", ")}`));
const object = <S extends z.core.$ZodLooseShape>(shape: S) => z.object(shape, expecting("an object"));
const list = <T extends z.core.SomeType>(item: T) =>
  z.array(item, expecting("a list")).max(MAX_LIST_LENGTH, { error: `must list at most ${MAX_LIST_LENGTH} entries` });

function isCptCode(value: string): boolean {
  if (value.length !== 5) return false;
  // Stryker disable next-line EqualityOperator: charCodeAt(5) of a five-character string is NaN, which fails both comparisons below.
  for (let i = 0; i < 5; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const cptCode = z
  .string(expecting('a five-digit CPT code in quotes, such as "62324"'))
  .refine(isCptCode, { error: "must be a five-digit CPT code such as 62324" });

// ---------------------------------------------------------------------------------------------
// Cross-field rules. They run even when other fields failed (so one pass reports everything),
// hence they check every value's type before using it.

type Ctx = z.core.$RefinementCtx<unknown>;
/** Run the refinement even when the value already has issues: the checks read it through rec() and type-check every field. */
const always = { when: () => true };
const rec = (v: unknown): Record<string, unknown> | undefined =>
  // Stryker disable next-line ConditionalExpression,LogicalOperator: every caller only reads named fields of the result and type-checks them, or stops on a falsy result; a string, an array or null has none of those fields, so letting one through changes nothing.
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
// Stryker disable next-line EqualityOperator: dateKey is -1 or a YYYYMMDD key of year 1 or later, never 0.
const validDate = (v: unknown): v is string => typeof v === "string" && dateKey(v) > 0;

/** A cross-field issue at `path`. */
function report(ctx: Ctx, path: (string | number)[], message: string) {
  // Stryker disable next-line StringLiteral: the issue code is never read or shown (only the path and the message are, see toRequestError).
  ctx.addIssue({ code: "custom", path, message });
}

function checkTherapy(value: unknown, ctx: Ctx) {
  const t = rec(value);
  if (t && validDate(t.startDate) && validDate(t.endDate) && t.endDate < t.startDate)
    report(ctx, ["endDate"], "must not be before its startDate");
}

function checkTrialScores(value: unknown, ctx: Ctx) {
  const t = rec(value);
  if (!t) return;
  const scale: PainScale = t.painScale === "vas_0_100" ? "vas_0_100" : DEFAULT_PAIN_SCALE;
  if (t.painScale !== undefined && !(PAIN_SCALES as readonly unknown[]).includes(t.painScale)) return; // reported by the enum
  const max = PAIN_SCALE_MAX[scale];
  for (const key of ["baselinePainScore", "postTrialPainScore"] as const) {
    const v = t[key];
    // Not a number: reported by the number schema (a negative one is too; it is neither above the maximum nor 0).
    // Stryker disable next-line ConditionalExpression: Number.isFinite below is false for anything that is not a number.
    if (typeof v !== "number") continue;
    if (!Number.isFinite(v)) continue;
    if (v > max) report(ctx, [key], `must be between 0 and ${max} on the ${scale} scale`);
    else if (key === "baselinePainScore" && v === 0)
      report(ctx, [key], "must be greater than 0 (a baseline of 0 leaves no pain to reduce)");
  }
}

const TRIAL_CODE_SET: ReadonlySet<string> = new Set(TRIAL_CODES);
const IMPLANT_CODE_SET: ReadonlySet<string> = new Set(IMPLANT_CODES);

function checkRequest(value: unknown, ctx: Ctx) {
  const root = rec(value);
  const member = rec(root?.member);
  const request = rec(root?.request);
  if (!request) return;
  const requestDate = validDate(request.requestDate) ? request.requestDate : undefined;
  // Stryker disable next-line ConditionalExpression: without a valid request date the comparisons below are with undefined, which are false.
  if (requestDate) {
    if (member && validDate(member.dateOfBirth) && member.dateOfBirth > requestDate)
      report(ctx, ["member", "dateOfBirth"], "must not be after request.requestDate");
    if (validDate(request.serviceDate) && request.serviceDate < requestDate)
      report(ctx, ["request", "serviceDate"], "must not be before request.requestDate");
  }
  const codes = request.cptCodes;
  if (!Array.isArray(codes)) return;
  const phase = request.phase;
  const seen = new Set<string>();
  codes.forEach((code: unknown, i) => {
    // Stryker disable next-line ConditionalExpression: isCptCode below rejects anything that is not a string (its length is not 5).
    if (typeof code !== "string") return;
    if (!isCptCode(code)) return;
    if (seen.has(code)) report(ctx, ["request", "cptCodes", i], `lists ${code} a second time`);
    seen.add(code);
    if (phase === "trial" && IMPLANT_CODE_SET.has(code))
      report(
        ctx,
        ["request", "cptCodes", i],
        `${code} is an implantation code and belongs only to phase "implant", not "trial"`,
      );
    if (phase === "implant" && TRIAL_CODE_SET.has(code))
      report(
        ctx,
        ["request", "cptCodes", i],
        `${code} is a trial injection or infusion code and belongs only to phase "trial", not "implant"`,
      );
  });
}

// ---------------------------------------------------------------------------------------------
// Object shapes (without refinements, so the draft variant can make them partial).

const memberShape = object({
  dateOfBirth: isoDate(),
  lineOfBusiness: oneOf(LINES_OF_BUSINESS),
});

const requestShape = object({
  requestDate: isoDate(),
  serviceDate: isoDate().optional(),
  urgency: oneOf(URGENCIES),
  phase: oneOf(PHASES),
  indication: oneOf(INDICATIONS),
  cptCodes: list(cptCode)
    .min(1, { error: "must list at least one CPT code" })
    .max(MAX_CPT_CODES, { error: `must list at most ${MAX_CPT_CODES} CPT codes` }),
});

const therapyShape = object({
  modality: oneOf(THERAPY_MODALITIES).optional(),
  startDate: isoDate(),
  endDate: isoDate().optional(),
  outcome: oneOf(THERAPY_OUTCOMES).optional(),
  reason: text().optional(),
});

const trialSchema = object({
  completed: bool().optional(),
  date: isoDate().optional(),
  route: oneOf(TRIAL_ROUTES).optional(),
  painScale: oneOf(PAIN_SCALES).optional(),
  baselinePainScore: score().optional(),
  postTrialPainScore: score().optional(),
}).superRefine(checkTrialScores, always);

const therapySchema = therapyShape.superRefine(checkTherapy, always);

const clinicalShape = object({
  painEtiology: object({ known: bool().optional(), description: text().optional() }).optional(),
  furtherTreatmentOfUnderlyingCondition: oneOf(FURTHER_TREATMENT_OPTIONS).optional(),
  conservativeTherapies: list(therapySchema).optional(),
  additionalTreatmentsConsidered: bool().optional(),
  psychiatricHistory: object({ summary: text().optional(), includesSubstanceUse: bool().optional() }).optional(),
  psychologicalEvaluation: object({
    date: isoDate().optional(),
    untreatedIssuesLikelyToInterfere: bool().optional(),
  }).optional(),
  metastaticLesions: object({ present: bool().optional(), locations: list(text()).optional() }).optional(),
  increasedIntracranialPressure: bool().optional(),
  lifeExpectancyMonths: score().optional(),
  spasticityAssessment: object({
    symptoms: text().optional(),
    location: text().optional(),
    severity: text().optional(),
    adlImpairment: list(text()).optional(),
  }).optional(),
  spasticityScale: object({
    scale: oneOf(SPASTICITY_SCALES).optional(),
    baselineScore: score().optional(),
    postTrialScore: score().optional(),
  }).optional(),
  trial: trialSchema.optional(),
});

/** The request of FORMAT.md. */
export const policyRequestSchema = object({
  caseId: text().optional(),
  member: memberShape,
  request: requestShape,
  clinical: clinicalShape.optional(),
}).superRefine(checkRequest, always);

/**
 * An incomplete request being drafted: every key optional at every depth (and an empty code
 * list allowed); whatever is present must still be well-formed, and the cross-field rules apply
 * where both sides are present.
 */
export const policyRequestDraftSchema = object({
  caseId: text().optional(),
  member: memberShape.partial().optional(),
  request: requestShape
    .extend({ cptCodes: list(cptCode).max(MAX_CPT_CODES, { error: `must list at most ${MAX_CPT_CODES} CPT codes` }) })
    .partial()
    .optional(),
  clinical: clinicalShape
    .extend({ conservativeTherapies: list(therapyShape.partial().superRefine(checkTherapy, always)).optional() })
    .optional(),
}).superRefine(checkRequest, always);

/** The engine's outcome as a filter or a stored evaluation gives it. */
export const outcomeSchema = z.enum(OUTCOMES);

export type PolicyRequest = z.infer<typeof policyRequestSchema>;
export type PolicyRequestInput = z.input<typeof policyRequestSchema>;
export type PolicyRequestDraft = z.infer<typeof policyRequestDraftSchema>;
export type ClinicalFacts = NonNullable<PolicyRequest["clinical"]>;
export type ConservativeTherapy = NonNullable<ClinicalFacts["conservativeTherapies"]>[number];
export type TrialFacts = NonNullable<ClinicalFacts["trial"]>;

// ---------------------------------------------------------------------------------------------
// Parsing that never throws.

export interface RequestIssue {
  /** Where: "member.dateOfBirth", "clinical.conservativeTherapies[0].endDate"; "" for the whole request. */
  path: string;
  message: string;
}
export interface RequestError {
  message: string;
  issues: RequestIssue[];
}
export type ParseResult<T> = { ok: true; data: T } | { ok: false; error: RequestError };

/** Formats a zod path as "clinical.conservativeTherapies[0].endDate". */
function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

const MAX_LISTED = 5;

function toRequestError(error: z.ZodError): RequestError {
  const issues = error.issues.map((issue): RequestIssue => {
    const path = formatPath(issue.path);
    // At the root zod reports only that the input is not an object (the cross-field checks name paths):
    // Stryker disable next-line ConditionalExpression: no other issue can have the root path, so checking the code is a safeguard no input reaches.
    const message = path === "" && issue.code === "invalid_type" ? "must be a JSON object" : issue.message;
    return { path, message };
  });
  const listed = issues
    .slice(0, MAX_LISTED)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : `the request ${i.message}`))
    .join("; ");
  const more = issues.length > MAX_LISTED ? ` (and ${issues.length - MAX_LISTED} more)` : "";
  return { message: `The request is not valid: ${listed}${more}.`, issues };
}

function safeParseWith<T>(schema: z.ZodType<T>, input: unknown): ParseResult<T> {
  try {
    const parsed = schema.safeParse(input);
    return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: toRequestError(parsed.error) };
  } catch {
    // safeParse does not throw on bad data; this guards against hostile inputs (throwing getters, proxies).
    return {
      ok: false,
      error: {
        message: "The request is not valid: it could not be read.",
        issues: [{ path: "", message: "could not be read" }],
      },
    };
  }
}

/** Validates a request against the FORMAT contract. Never throws. */
export function parsePolicyRequest(input: unknown): ParseResult<PolicyRequest> {
  return safeParseWith(policyRequestSchema, input);
}

/** Validates an incomplete (draft) request. Never throws. */
export function parsePolicyRequestDraft(input: unknown): ParseResult<PolicyRequestDraft> {
  return safeParseWith(policyRequestDraftSchema, input);
}

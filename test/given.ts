// The one place tests get their starting state: `given*` builds it through the REAL services
// (submitCase, claimCase, pendCase, approveCase, denyCase, fileAppeal, decideAppeal,
// uploadAttachment), so every row, audit event and determination signature is what production
// writes. Accounts are plain inserts (no service creates a user without an invitation e-mail).
// The `insert*RowForTest` helpers at the end write rows directly; each says why a test needs it.
import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  cases,
  determinations,
  evaluationSnapshots,
  organizations,
  reviewerCredentials,
  users,
  type CaseStatus,
  type Role,
} from "@/db/schema";
import { isNotAddressedByPolicy } from "@/lib/domain";
import { computeDueAt } from "@/lib/due-time";
import { evaluate, type EvaluationResult, type Indication, type Phase, type PolicyRequest } from "@/lib/policy";
import { documentedRequest } from "@/lib/policy/fixtures";
import { requiredDocuments, type DocumentKind } from "@/lib/policy/documents";
import { engineDefaultStatus, type FindingInput } from "@/lib/validation/review";
import type { ServiceContext, Viewer } from "@/lib/server/context";
import { submitCase } from "@/lib/server/cases/submit-case";
import { saveDraft } from "@/lib/server/cases/save-draft";
import { fileAppeal } from "@/lib/server/cases/file-appeal";
import { uploadAttachment } from "@/lib/server/attachments/upload-attachment";
import { approveCase } from "@/lib/server/review/approve-case";
import { claimCase } from "@/lib/server/review/claim-case";
import { decideAppeal } from "@/lib/server/review/decide-appeal";
import { denyCase } from "@/lib/server/review/deny-case";
import { pendCase } from "@/lib/server/review/pend-case";
import { pdfBytes } from "./fhir-bundles";

const unique = () => randomBytes(5).toString("hex");
type UserRow = typeof users.$inferSelect;
export type GivenUser = UserRow;

// ---------------------------------------------------------------------------------------------
// Organizations and accounts

// A fixed bcrypt hash (of "factory-password") keeps account creation fast; sign-in tests hash their own.
export const FACTORY_PASSWORD = "factory-password";
const FACTORY_PASSWORD_HASH = "$2b$04$L62ANObgiOrcJ0/1.1SXwudaQpwgKkf5BBSvCGcuGUwwT9S.e3rNy";

async function givenOrganization(
  db: Db,
  kind: "provider" | "plan",
  overrides: Partial<typeof organizations.$inferInsert>,
) {
  const slug = overrides.slug ?? `org-${unique()}`;
  const [org] = await db
    .insert(organizations)
    .values({ name: `Organization ${slug}`, slug, kind, ...overrides })
    .returning();
  return org!;
}

/** A provider practice. */
export const givenProviderOrg = (db: Db, overrides: Partial<typeof organizations.$inferInsert> = {}) =>
  givenOrganization(db, "provider", overrides);
/** The plan's own organization (reviewers, auditors, admins). */
export const givenPlanOrg = (db: Db, overrides: Partial<typeof organizations.$inferInsert> = {}) =>
  givenOrganization(db, "plan", overrides);

/**
 * A user (in a new organization of the right kind unless `organizationId` is given); a physician
 * reviewer also gets a current MD licence (denials and appeal decisions need one) unless
 * `licence: false` or another `validUntil` is asked for.
 */
export async function givenUser(
  db: Db,
  role: Role,
  overrides: Partial<typeof users.$inferInsert> = {},
  options: { licence?: false | { validUntil: string } } = {},
) {
  const organizationId =
    overrides.organizationId ?? (await givenOrganization(db, role === "provider" ? "provider" : "plan", {})).id;
  const [user] = await db
    .insert(users)
    .values({
      email: `${role}-${unique()}@example.test`,
      name: `Test ${role}`,
      passwordHash: FACTORY_PASSWORD_HASH,
      role,
      organizationId,
      ...overrides,
    })
    .returning();
  if (role === "physician_reviewer" && options.licence !== false) {
    await db.insert(reviewerCredentials).values({
      userId: user!.id,
      licenceType: "MD",
      licenceNumber: `MD-${unique()}`,
      state: "NY",
      specialty: "Pain medicine",
      validUntil: options.licence?.validUntil ?? "2099-12-31",
    });
  }
  return user!;
}

/**
 * The people of most review tests: a practice with one provider, and on the plan's side the nurse
 * "Nora Nurse" and two licensed physicians, "Dr. One" and "Dr. Two".
 */
export async function givenReviewTeam(db: Db) {
  const practice = await givenProviderOrg(db);
  const plan = await givenPlanOrg(db);
  return {
    provider: await givenUser(db, "provider", { organizationId: practice.id }),
    nurse: await givenUser(db, "nurse_reviewer", { organizationId: plan.id, name: "Nora Nurse" }),
    physician: await givenUser(db, "physician_reviewer", { organizationId: plan.id, name: "Dr. One" }),
    physician2: await givenUser(db, "physician_reviewer", { organizationId: plan.id, name: "Dr. Two" }),
  };
}

/**
 * One practice and the plan, with an account for each name: providers in the practice, every other
 * role on the plan's side, e.g. `givenPeople(db, { provider: "provider", nurse: "nurse_reviewer" })`.
 */
export async function givenPeople<const T extends Record<string, Role>>(
  db: Db,
  roles: T,
): Promise<{ [K in keyof T]: UserRow }> {
  const practice = await givenProviderOrg(db);
  const plan = await givenPlanOrg(db);
  const people = {} as { [K in keyof T]: UserRow };
  for (const name of Object.keys(roles) as (keyof T & string)[])
    people[name] = await givenUser(db, roles[name]!, {
      organizationId: roles[name] === "provider" ? practice.id : plan.id,
    });
  return people;
}

function viewerOf(user: UserRow): Viewer {
  return { userId: user.id, role: user.role, organizationId: user.organizationId, name: user.name, email: user.email };
}

/** The service context of a signed-in user (what a page or action hands the services). */
export function ctxFor(db: Db, user: UserRow, via: ServiceContext["via"] = "web"): ServiceContext {
  return { db, viewer: viewerOf(user), ip: "127.0.0.1", userAgent: "vitest", via };
}

// ---------------------------------------------------------------------------------------------
// Requests (pure data)

/** A chronic non-malignant pain trial request that meets every criterion (synthetic). */
export function cnmpTrialRequest(
  overrides: {
    clinical?: Partial<NonNullable<PolicyRequest["clinical"]>>;
    request?: Partial<PolicyRequest["request"]>;
  } = {},
): PolicyRequest {
  return {
    member: { dateOfBirth: "1968-04-12", lineOfBusiness: "commercial" },
    request: {
      requestDate: "2026-03-02",
      serviceDate: "2026-03-16",
      urgency: "standard",
      phase: "trial",
      indication: "chronic_nonmalignant_pain",
      cptCodes: ["62326"],
      ...overrides.request,
    },
    clinical: {
      painEtiology: { known: true, description: "Failed back surgery syndrome" },
      furtherTreatmentOfUnderlyingCondition: "not_indicated",
      conservativeTherapies: [
        {
          modality: "pharmacological",
          startDate: "2025-01-10",
          endDate: "2025-09-30",
          outcome: "intolerable_side_effects",
          reason: "sedation",
        },
      ],
      additionalTreatmentsConsidered: true,
      psychiatricHistory: { summary: "none", includesSubstanceUse: false },
      psychologicalEvaluation: { date: "2026-01-20", untreatedIssuesLikelyToInterfere: false },
      ...overrides.clinical,
    },
  };
}

/** The same request with only the required keys: every clinical fact not documented. */
export function bareRequest(): PolicyRequest {
  const r = cnmpTrialRequest();
  return { member: r.member, request: r.request };
}

/**
 * One finding per criterion of the evaluation, starting from the engine's status (a criterion
 * left to clinical review counts as met), with `overrides` by criterion id.
 */
export function findingsFor(
  result: EvaluationResult,
  overrides: Record<string, Partial<FindingInput>> = {},
): FindingInput[] {
  return result.criteria.map((c) => ({
    criterionId: c.id,
    status: engineDefaultStatus(c.status) ?? "met",
    evidence: [],
    ...overrides[c.id],
  }));
}

// ---------------------------------------------------------------------------------------------
// Cases, through the services

type CaseRow = typeof cases.$inferSelect;

/** A case as the services left it: its current row, its first evaluation snapshot and result, who submitted it. */
export interface GivenCase {
  case: CaseRow;
  snapshot: typeof evaluationSnapshots.$inferSelect;
  result: EvaluationResult;
  provider: ServiceContext;
}

export interface CaseOptions {
  /** The submitting provider; a new practice and provider when absent. */
  provider?: ServiceContext;
  /** Default: a fully documented chronic non-malignant pain trial (meets every criterion). */
  request?: PolicyRequest;
  memberId?: string;
  memberName?: string;
}

export async function caseRow(db: Db, caseId: string): Promise<CaseRow> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  return row!;
}

export async function caseVersion(db: Db, caseId: string): Promise<number> {
  return (await caseRow(db, caseId)).version;
}

/** A case submitted by a provider through submitCase (evaluation snapshot, due time, audit event). */
export async function givenSubmittedCase(db: Db, options: CaseOptions = {}): Promise<GivenCase> {
  const provider = options.provider ?? ctxFor(db, await givenUser(db, "provider"));
  const submitted = await submitCase(provider, {
    request: options.request ?? documentedRequest("chronic_nonmalignant_pain", "trial"),
    memberId: options.memberId ?? `M${unique()}`,
    memberName: options.memberName ?? "Test Member",
  });
  const [snapshot] = await db
    .select()
    .from(evaluationSnapshots)
    .where(eq(evaluationSnapshots.caseId, submitted.id))
    .orderBy(asc(evaluationSnapshots.createdAt));
  return { case: await caseRow(db, submitted.id), snapshot: snapshot!, result: submitted.evaluation, provider };
}

/** A submitted case that `reviewer` claimed (in review, held by them). */
export async function givenClaimedCase(reviewer: ServiceContext, options: CaseOptions = {}): Promise<GivenCase> {
  const made = await givenSubmittedCase(reviewer.db, options);
  await claimCase(reviewer, { caseId: made.case.id, version: made.case.version });
  return { ...made, case: await caseRow(reviewer.db, made.case.id) };
}

/** A case `reviewer` claimed and pended: pending information, one open request, still held by them. */
export async function givenPendedCase(reviewer: ServiceContext, options: CaseOptions & { items?: string[] } = {}) {
  const made = await givenClaimedCase(reviewer, options);
  const pended = await pendCase(reviewer, {
    caseId: made.case.id,
    version: made.case.version,
    message: "Please send the psychological evaluation report.",
    items: options.items ?? ["psychological evaluation"],
  });
  return { ...made, case: await caseRow(reviewer.db, made.case.id), informationRequestId: pended.informationRequestId };
}

/** A case `reviewer` claimed and approved with every criterion as the engine found it (signed). */
export async function givenApprovedCase(
  reviewer: ServiceContext,
  options: CaseOptions & { interqual?: { subset: string; result: "met" } } = {},
) {
  const made = await givenClaimedCase(reviewer, options);
  const out = await approveCase(reviewer, {
    caseId: made.case.id,
    version: made.case.version,
    findings: findingsFor(made.result),
    rationale: "Every criterion is documented and met.",
    interqual: options.interqual,
  });
  return { ...made, case: await caseRow(reviewer.db, made.case.id), determinationId: out.determinationId };
}

/**
 * A case `physician` claimed and denied through denyCase (signed). The adverse findings are
 * `findings` (by criterion id); by default the first criterion is not documented.
 */
export async function givenDeniedCase(
  physician: ServiceContext,
  options: CaseOptions & { findings?: Record<string, Partial<FindingInput>>; rationale?: string } = {},
) {
  const made = await givenClaimedCase(physician, options);
  const overrides = options.findings ?? { [made.result.criteria[0]!.id]: { status: "not_documented" } };
  const out = await denyCase(physician, {
    caseId: made.case.id,
    version: made.case.version,
    findings: findingsFor(made.result, overrides),
    rationale: options.rationale ?? "The records sent do not document every criterion.",
  });
  return { ...made, case: await caseRow(physician.db, made.case.id), determinationId: out.determinationId };
}

/** A case `denier` denied and its provider appealed through fileAppeal (appeal submitted, unassigned). */
export async function givenAppealedCase(
  denier: ServiceContext,
  options: NonNullable<Parameters<typeof givenDeniedCase>[1]> & { reason?: string } = {},
) {
  const denied = await givenDeniedCase(denier, options);
  const filed = await fileAppeal(denied.provider, {
    caseId: denied.case.id,
    version: denied.case.version,
    reason: options.reason ?? "New records show the evaluation was done.",
  });
  return { ...denied, case: await caseRow(denier.db, denied.case.id), appealId: filed.appealId };
}

/** An appealed case that `appealPhysician` (not the denier) claimed and decided through decideAppeal (signed). */
export async function givenDecidedAppeal(
  denier: ServiceContext,
  appealPhysician: ServiceContext,
  options: CaseOptions & { decision?: "appeal_upheld" | "appeal_overturned" } = {},
) {
  const appealed = await givenAppealedCase(denier, options);
  const claim = await claimCase(appealPhysician, { caseId: appealed.case.id, version: appealed.case.version });
  const decision = options.decision ?? "appeal_overturned";
  const out = await decideAppeal(appealPhysician, {
    caseId: appealed.case.id,
    version: claim.version,
    decision,
    findings: findingsFor(
      appealed.result,
      decision === "appeal_upheld" ? { [appealed.result.criteria[0]!.id]: { status: "not_documented" } } : {},
    ),
    rationale: "Decided on appeal with the records now on file.",
  });
  return {
    ...appealed,
    case: await caseRow(denier.db, appealed.case.id),
    deniedDeterminationId: appealed.determinationId,
    determinationId: out.determinationId,
  };
}

/**
 * A request drafted, given a record of each kind the policy asks for (or of `kinds`) and
 * submitted (attested unless `attested: false`): what the submission answered.
 */
export async function givenDocumentedSubmission(
  provider: ServiceContext,
  options: {
    request?: PolicyRequest;
    indication?: Exclude<Indication, "other">;
    phase?: Phase;
    urgency?: "standard" | "expedited";
    kinds?: DocumentKind[];
    attested?: boolean;
  } = {},
) {
  const indication = options.indication ?? "chronic_nonmalignant_pain";
  const phase = options.phase ?? "trial";
  const request = options.request ?? documentedRequest(indication, phase);
  if (options.urgency) request.request.urgency = options.urgency;
  const memberId = `M${unique()}`;
  const draft = await saveDraft(provider, { request, memberId, memberName: "Test Member" });
  for (const kind of options.kinds ?? requiredDocuments(indication, phase).map((d) => d.kind))
    await uploadAttachment(provider, {
      caseId: draft.id,
      fileName: `${kind}.pdf`,
      bytes: pdfBytes(),
      documentKind: kind,
    });
  return submitCase(provider, {
    caseId: draft.id,
    version: (await caseRow(provider.db, draft.id)).version,
    request,
    memberId,
    memberName: "Test Member",
    attested: options.attested ?? true,
  });
}

/**
 * A fully met, documented and attested request submitted through the real services: approved
 * automatically by the policy engine when the plan's setting enables its phase and indication
 * (setAutomationSettings), and drawn for quality review by the setting's share.
 * `determinationId` is null when it went to the queue instead.
 */
export async function givenAutomatedApproval(
  provider: ServiceContext,
  options: { indication?: Exclude<Indication, "other">; phase?: Phase; urgency?: "standard" | "expedited" } = {},
) {
  const submitted = await givenDocumentedSubmission(provider, options);
  const determinationId = submitted.automatedApproval?.determinationId ?? null;
  // Whether it was drawn for quality review is the plan's to know: read from the determination.
  const [drawn] = determinationId
    ? await provider.db
        .select({ qaSampled: determinations.qaSampled })
        .from(determinations)
        .where(eq(determinations.id, determinationId))
    : [];
  return {
    caseId: submitted.id,
    status: submitted.status,
    determinationId,
    qaSampled: drawn?.qaSampled ?? false,
    result: submitted.evaluation,
  };
}

/** A small PDF attached to the case through uploadAttachment, by `uploader` (its provider by default). */
export async function givenAttachment(uploader: ServiceContext, caseId: string, fileName = "records.pdf") {
  return uploadAttachment(uploader, { caseId, fileName, bytes: pdfBytes() });
}

// ---------------------------------------------------------------------------------------------
// Raw rows, for states no service produces on demand

export interface CaseRowOptions {
  organizationId: string;
  createdBy: string;
  request?: PolicyRequest;
  status?: CaseStatus;
  submittedAt?: Date;
  assigneeId?: string | null;
  physicianOnly?: boolean;
  memberName?: string;
}

/**
 * A case row and its evaluation snapshot written straight to the database, with no audit event.
 * Only for what the services cannot make: a case in ANY status at once (the lifecycle table's
 * tests move every status), or submitted at a fixed past time (queue order across daylight
 * saving, the auditor's hand-computed metrics). Everything else: givenSubmittedCase and friends.
 */
export async function insertCaseRowForTest(db: Db, options: CaseRowOptions) {
  const request = options.request ?? documentedRequest("chronic_nonmalignant_pain", "trial");
  const result = evaluate(request);
  const submittedAt = options.submittedAt ?? new Date();
  const [row] = await db
    .insert(cases)
    .values({
      reference: `PA-T-${unique()}`,
      organizationId: options.organizationId,
      createdBy: options.createdBy,
      status: options.status ?? "submitted",
      memberId: `M${unique()}`,
      memberName: options.memberName ?? "Test Member",
      request,
      urgency: request.request.urgency,
      indication: request.request.indication,
      phase: request.request.phase,
      requestDate: request.request.requestDate,
      policyVersion: result.policy.version,
      engineOutcome: result.outcome,
      physicianOnly: options.physicianOnly ?? isNotAddressedByPolicy(result.outcome),
      assigneeId: options.assigneeId ?? null,
      claimedAt: options.assigneeId ? new Date() : null,
      submittedAt,
      dueAt: computeDueAt(submittedAt, request.request.urgency),
    })
    .returning();
  const [snapshot] = await db
    .insert(evaluationSnapshots)
    .values({
      caseId: row!.id,
      reason: "submission",
      policyVersion: result.policy.version,
      outcome: result.outcome,
      request,
      result,
      createdBy: options.createdBy,
      // The submission's evaluation is as old as the submission (timelines order by it).
      createdAt: submittedAt,
    })
    .returning();
  return { case: row!, snapshot: snapshot!, result };
}

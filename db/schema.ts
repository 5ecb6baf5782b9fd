import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  CASE_STATUSES,
  DECISIONS,
  DETERMINATION_KINDS,
  FINDING_STATUSES,
  ROLES,
  type FindingStatus,
  type NotificationEvent,
  type WebhookEvent,
} from "../lib/domain";
import type { EvaluationResult, PolicyRequest, PolicyRequestDraft } from "../lib/policy";
import { DOCUMENT_KINDS } from "../lib/policy/document-kinds";
import type { AutomatedApprovalSetting, AutomationBasis } from "../lib/policy/documents";
import type { EmailMessage } from "../lib/server/outbox/enqueue";
import type { WebhookPayload } from "../lib/server/webhooks/deliver";
import type { SubscriptionNotice } from "../lib/server/fhir-subscriptions/queue";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export { ROLES, CASE_STATUSES, DECISIONS, DETERMINATION_KINDS, FINDING_STATUSES } from "../lib/domain";
export type { Role, CaseStatus, Decision, FindingStatus } from "../lib/domain";
export const roleEnum = pgEnum("role", ROLES);
export const caseStatusEnum = pgEnum("case_status", CASE_STATUSES);

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  /** provider practice or the health plan itself */
  kind: text("kind", { enum: ["provider", "plan"] }).notNull(),
  /** National Provider Identifier (10 digits) and Tax Identification Number (9 digits); provider organizations. */
  npi: text("npi").unique(),
  tin: text("tin").unique(),
  /** A deactivated organization's users and API keys stop working at once; its cases stay. */
  active: boolean("active").notNull().default(true),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: roleEnum("role").notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    active: boolean("active").notNull().default(true),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Human-readable reference shown to people, e.g. PA-2026-000123. */
    reference: text("reference").notNull().unique(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    status: caseStatusEnum("status").notNull().default("draft"),
    /** The plan's member identifier and name as the provider entered them (PHI: never logged). */
    memberId: text("member_id"),
    memberName: text("member_name"),
    /** The FORMAT request (possibly partial while a draft). */
    request: jsonb("request").$type<PolicyRequestDraft>().notNull(),
    urgency: text("urgency", { enum: ["standard", "expedited"] }),
    indication: text("indication", {
      enum: ["cancer_pain", "spasticity", "chronic_nonmalignant_pain", "other"],
    }),
    phase: text("phase", { enum: ["trial", "implant"] }),
    requestDate: text("request_date"),
    policyVersion: text("policy_version"),
    engineOutcome: text("engine_outcome"),
    /** Routed to the physician-only view: not addressed by the policy, or escalated by a nurse. */
    physicianOnly: boolean("physician_only").notNull().default(false),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    assigneeId: uuid("assignee_id").references(() => users.id),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    dueAt: timestamp("due_at", { withTimezone: true }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    /** The provider attested at submission that the facts are true and documented in the attached records. */
    attestedAt: timestamp("attested_at", { withTimezone: true }),
    attestedBy: uuid("attested_by").references(() => users.id),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("cases_queue_idx").on(t.dueAt, t.id),
    index("cases_status_due_idx").on(t.status, t.dueAt, t.id),
    index("cases_org_created_idx").on(t.organizationId, t.createdAt, t.id),
    index("cases_assignee_idx").on(t.assigneeId, t.dueAt),
    index("cases_decided_idx").on(t.decidedAt, t.id),
    /** The auditor's history: newest decision first, undecided cases last. */
    index("cases_history_idx").on(t.decidedAt.desc().nullsLast(), t.id.desc()),
    /** The history filtered by outcome (status), in the same order. */
    index("cases_status_history_idx").on(t.status, t.decidedAt.desc().nullsLast(), t.id.desc()),
    uniqueIndex("cases_org_idempotency_key").on(t.organizationId, t.idempotencyKey),
  ],
);

export const evaluationSnapshots = pgTable(
  "evaluation_snapshots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    /** why it was taken: submission, a pend response, an appeal */
    reason: text("reason").notNull(),
    policyVersion: text("policy_version").notNull(),
    outcome: text("outcome").notNull(),
    request: jsonb("request").$type<PolicyRequest>().notNull(),
    result: jsonb("result").$type<EvaluationResult>().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("evaluation_snapshots_case_idx").on(t.caseId, t.createdAt)],
);

export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    /** What the record is, as the provider (or the EHR's DocumentReference.type) says: the policy's documentation list asks by kind. Null: not said. */
    documentKind: text("document_kind", { enum: DOCUMENT_KINDS }),
    createdAt: createdAt(),
  },
  (t) => [index("attachments_case_idx").on(t.caseId, t.createdAt)],
);

/** Default storage backend: file bytes kept in the database. */
export const attachmentBlobs = pgTable("attachment_blobs", {
  key: text("key").primaryKey(),
  data: bytea("data").notNull(),
  createdAt: createdAt(),
});

/** A reviewer's request for information, and the provider's answer. */
export const caseInformationRequests = pgTable(
  "case_information_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => users.id),
    message: text("message").notNull(),
    items: jsonb("items").$type<string[]>().notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    respondedBy: uuid("responded_by").references(() => users.id),
    responseNote: text("response_note"),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
  },
  (t) => [index("case_information_requests_case_idx").on(t.caseId, t.requestedAt)],
);

/** Signed and immutable (the database refuses UPDATE, DELETE and TRUNCATE). */
export const determinations = pgTable(
  "determinations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    /** `automated`: approved on submission by the policy engine (its reviewer), under the plan's setting. */
    kind: text("kind", { enum: DETERMINATION_KINDS }).notNull(),
    decision: text("decision", { enum: DECISIONS }).notNull(),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => users.id),
    reviewerRole: roleEnum("reviewer_role").notNull(),
    policyVersion: text("policy_version").notNull(),
    evaluationSnapshotId: uuid("evaluation_snapshot_id").references(() => evaluationSnapshots.id),
    rationale: text("rationale").notNull(),
    /** For cancer-related pain and spasticity: the InterQual subset applied and its result. */
    interqual: jsonb("interqual").$type<{ subset: string; result: string } | null>(),
    /** Decided outside this policy (not addressed by it). */
    outsidePolicy: boolean("outside_policy").notNull().default(false),
    supersedesId: uuid("supersedes_id"),
    /** An automated approval's basis (rule, engine version, the plan's setting then); signed with the rest. */
    automation: jsonb("automation").$type<AutomationBasis>(),
    /** Drawn at decision time for nurses' quality review (automated approvals only). */
    qaSampled: boolean("qa_sampled").notNull().default(false),
    /** SHA-256 over the canonical content of the determination and its findings. */
    signature: text("signature").notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("determinations_case_idx").on(t.caseId, t.decidedAt),
    index("determinations_decided_idx").on(t.decidedAt),
  ],
);

export const determinationFindings = pgTable(
  "determination_findings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    determinationId: uuid("determination_id")
      .notNull()
      .references(() => determinations.id),
    criterionId: text("criterion_id").notNull(),
    status: text("status", { enum: FINDING_STATUSES }).notNull(),
    engineStatus: text("engine_status"),
    citationAnchor: text("citation_anchor").notNull(),
    citationQuote: text("citation_quote").notNull(),
    evidence: jsonb("evidence").$type<{ attachmentId: string; page?: number }[]>().notNull(),
    note: text("note"),
  },
  (t) => [
    index("determination_findings_determination_idx").on(t.determinationId),
    /** The history's "criterion found not met" filter: the matching determinations from the index alone. */
    index("determination_findings_criterion_idx").on(t.criterionId, t.status, t.determinationId),
  ],
);

/**
 * The history's "criterion found not met" filter, read in decision order straight from an index:
 * one row per criterion found not met in any determination of a case (initial or appeal) and per
 * decision time the case has had. Derived and append-only: the database writes it itself
 * (triggers in migration 0015) when a not-met finding is inserted and when a case's decision time
 * changes, in the same transaction, whichever code writes them (decision services, bulk seed,
 * tests). A row is current when its decided_at is the case's decided_at; older rows are skipped
 * by that join.
 */
export const caseCriteriaNotMet = pgTable(
  "case_criteria_not_met",
  {
    criterionId: text("criterion_id").notNull(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("case_criteria_not_met_history_idx").on(
      t.criterionId,
      t.decidedAt.desc().nullsLast(),
      t.caseId.desc().nullsLast(),
    ),
  ],
);

export const appeals = pgTable(
  "appeals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    deniedDeterminationId: uuid("denied_determination_id")
      .notNull()
      .references(() => determinations.id),
    filedBy: uuid("filed_by")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    filedAt: timestamp("filed_at", { withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("appeals_case_idx").on(t.caseId)],
);

/** Append-only and hash-chained (see db/migrations 0001). */
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    actorId: uuid("actor_id"),
    actorRole: text("actor_role"),
    organizationId: uuid("organization_id"),
    action: text("action").notNull(),
    outcome: text("outcome", { enum: ["ok", "refused", "failed"] }).notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    caseId: uuid("case_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull().unique(),
  },
  (t) => [
    index("audit_events_at_idx").on(t.at),
    index("audit_events_case_idx").on(t.caseId, t.seq),
    index("audit_events_actor_idx").on(t.actorId, t.seq),
    index("audit_events_action_idx").on(t.action, t.seq),
    /** Refusals name the case they were refused as target (case_id stays empty): the case timeline finds them here. */
    index("audit_events_target_idx").on(t.targetId, t.seq),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    /** first characters, shown so people can tell keys apart */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_org_idx").on(t.organizationId)],
);

/** A reviewer's unsigned work on a case, so nothing typed is lost on a conflict or a reload. */
export const reviewDrafts = pgTable(
  "review_drafts",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => users.id),
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.reviewerId] })],
);

/** Signed-out sessions: a JWT session stays in a cookie, so its id is refused from here on. */
export const revokedSessions = pgTable("revoked_sessions", {
  sessionId: text("session_id").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id),
  revokedAt: timestamp("revoked_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A nurse's escalation to a physician, with the reason the physician reads (append-only). */
export const caseEscalations = pgTable(
  "case_escalations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    escalatedBy: uuid("escalated_by")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("case_escalations_case_idx").on(t.caseId, t.escalatedAt)],
);

/**
 * Signed checkpoints of the audit chain's head (append-only): the newest one, also kept in an
 * anchor folder outside the database, shows whether events were removed from the chain's end.
 * Signed with AUDIT_SIGNING_KEY (Ed25519), which the database never holds.
 */
export const auditCheckpoints = pgTable(
  "audit_checkpoints",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    headSeq: bigint("head_seq", { mode: "number" }).notNull(),
    headHash: text("head_hash").notNull(),
    eventCount: bigint("event_count", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    /** SHA-256 of the public key, so a verifier can tell which key signed. */
    keyId: text("key_id").notNull(),
    signature: text("signature").notNull(),
  },
  (t) => [index("audit_checkpoints_head_idx").on(t.headSeq)],
);

export const OUTBOX_STATUSES = ["pending", "sent", "held", "dead"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Messages to deliver, written in the same transaction as the action that causes them and
 * delivered by the worker (lib/server/outbox). Generic: `channel` says how (email today; in-app
 * notifications and webhooks later), `kind` what (invitation, password_reset, ...), `payload`
 * the channel's content. `held`: no transport configured (development), readable by the admin.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: text("channel").notNull(),
    kind: text("kind").notNull(),
    recipient: text("recipient").notNull(),
    /** An email channel's message, a webhook channel's signed body, a FHIR subscription's notice. */
    payload: jsonb("payload").$type<EmailMessage | WebhookPayload | SubscriptionNotice>().notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: createdAt(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt), index("outbox_created_idx").on(t.createdAt)],
);

/** An invitation to create an account: single use, expires, only the token's hash is kept. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: uuid("invited_by").references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    userId: uuid("user_id").references(() => users.id),
  },
  (t) => [index("invitations_email_idx").on(sql`lower(${t.email})`)],
);

/** A password-reset link: single use, 30 minutes, only the token's hash is kept. */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

/** One row per sign-in: listed on "Your sessions"; ending it (or the account's) refuses the cookie. */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endedReason: text("ended_reason"),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId, t.createdAt)],
);

export const LICENCE_TYPES = ["RN", "MD", "DO"] as const;
export type LicenceType = (typeof LICENCE_TYPES)[number];

/** A reviewer's professional licence; a physician decides denials and appeals only with a current MD/DO. */
export const reviewerCredentials = pgTable(
  "reviewer_credentials",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    licenceType: text("licence_type", { enum: LICENCE_TYPES }).notNull(),
    licenceNumber: text("licence_number").notNull(),
    state: text("state").notNull(),
    specialty: text("specialty").notNull(),
    /** The last day the licence is valid (a date, inclusive). */
    validUntil: text("valid_until").notNull(),
    createdAt: createdAt(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [index("reviewer_credentials_user_idx").on(t.userId)],
);

/**
 * Rate-limit and sign-in-throttle counters shared by every instance (rate-limiter-flexible's
 * Drizzle store, used when DATABASE_URL is set): one row per limiter key and window.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: timestamp("expire", { withTimezone: true }),
});

/**
 * A user's two-factor sign-in (TOTP, RFC 6238). Secrets are stored encrypted (AES-256-GCM, key
 * derived from AUTH_SECRET: lib/server/auth/two-factor-keys.ts); `pendingSecret` is the one being
 * enrolled (shown until confirmed), `secret` the confirmed one (never shown again).
 * `lastUsedStep` is the time step of the last accepted code: a code of that step or earlier is refused (replay).
 */
export const userTwoFactor = pgTable("user_two_factor", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id),
  secret: text("secret"),
  pendingSecret: text("pending_secret"),
  enabledAt: timestamp("enabled_at", { withTimezone: true }),
  lastUsedStep: bigint("last_used_step", { mode: "number" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One-time recovery codes: only a keyed hash (HMAC-SHA-256) is kept; each works once. */
export const twoFactorRecoveryCodes = pgTable(
  "two_factor_recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: text("code_hash").notNull(),
    createdAt: createdAt(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("two_factor_recovery_codes_hash_key").on(t.userId, t.codeHash)],
);

/**
 * A nurse's quality review of an automated approval drawn for it (determinations.qa_sampled): one
 * per determination, append-only. It never changes the approval; it measures the engine: agree, or
 * the criteria the nurse would have found otherwise, each with the finding and why.
 */
export const qaReviews = pgTable("qa_reviews", {
  id: uuid("id").primaryKey().defaultRandom(),
  determinationId: uuid("determination_id")
    .notNull()
    .unique()
    .references(() => determinations.id),
  caseId: uuid("case_id")
    .notNull()
    .references(() => cases.id),
  reviewerId: uuid("reviewer_id")
    .notNull()
    .references(() => users.id),
  agrees: boolean("agrees").notNull(),
  /** The criteria found otherwise than the engine (empty when the reviewer agrees). */
  disagreements: jsonb("disagreements")
    .$type<{ criterionId: string; engineStatus: string; status: FindingStatus; reason: string }[]>()
    .notNull()
    .default([]),
  note: text("note"),
  createdAt: createdAt(),
});

/** Portal-wide settings an administrator changes: exactly one row (id 1). */
export const portalSettings = pgTable("portal_settings", {
  id: integer("id").primaryKey().default(1),
  /** Nurses, physicians, auditors and admins must sign in with a second factor (default off). */
  requireStaffTwoFactor: boolean("require_staff_two_factor").notNull().default(false),
  /**
   * Practices' API keys also open the FHIR API and the CDS Hooks services (a migration aid while
   * their EHR moves to SMART Backend Services). Off unless an administrator turns it on.
   */
  allowApiKeysOnFhir: boolean("allow_api_keys_on_fhir").notNull().default(false),
  /** The phases and indications approved automatically when fully met, documented and attested (default none). */
  automatedApproval: jsonb("automated_approval")
    .$type<AutomatedApprovalSetting>()
    .notNull()
    .default({ trial: [], implant: [] }),
  /** The share of automated approvals drawn for nurses' quality review, in percent (at least one a day). */
  qaSamplePercent: integer("qa_sample_percent").notNull().default(10),
  /** Gold cards: the look-back window in months, the decided requests needed and the approval rate (whole percent). */
  goldCardWindowMonths: integer("gold_card_window_months").notNull().default(12),
  goldCardMinimumDecided: integer("gold_card_minimum_decided").notNull().default(30),
  goldCardThresholdPercent: integer("gold_card_threshold_percent").notNull().default(90),
  /** When the gold cards were last evaluated (the schedule claims a period by moving it; null: never). */
  goldCardLastEvaluatedAt: timestamp("gold_card_last_evaluated_at", { withTimezone: true }),
  /** Public prior-authorization metrics: a group (e.g. standard requests decided) smaller than this is not shown. */
  metricsMinimumGroupSize: integer("metrics_minimum_group_size").notNull().default(11),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid("updated_by").references(() => users.id),
});

/**
 * In-portal notifications (the bell): written in the transaction of the change that causes them
 * (lib/server/notifications). `title` carries the case reference and status only, never a name.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    caseId: uuid("case_id").references(() => cases.id),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link").notNull(),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_unread_idx")
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
  ],
);

/** Per user: which events also come by email, and how (instant or a daily digest). Absent row: no email. */
export const notificationPreferences = pgTable("notification_preferences", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id),
  emailMode: text("email_mode", { enum: ["off", "instant", "daily"] })
    .notNull()
    .default("off"),
  emailEvents: jsonb("email_events").$type<NotificationEvent[]>().notNull().default([]),
  /** The last daily digest sent (the digest covers notifications after it). */
  digestSentAt: timestamp("digest_sent_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const WEBHOOK_ENDPOINT_STATUSES = ["active", "failing", "disabled"] as const;

/**
 * A provider organization's webhook endpoint. The signing secret is needed to sign, so it is kept
 * encrypted (AES-256-GCM, key derived from AUTH_SECRET with HKDF; lib/server/webhooks/webhook-secrets.ts),
 * shown once at creation.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    url: text("url").notNull(),
    events: jsonb("events").$type<WebhookEvent[]>().notNull(),
    secretCiphertext: text("secret_ciphertext").notNull(),
    status: text("status", { enum: WEBHOOK_ENDPOINT_STATUSES }).notNull().default("active"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    failingSince: timestamp("failing_since", { withTimezone: true }),
  },
  (t) => [index("webhook_endpoints_org_idx").on(t.organizationId)],
);

/** One attempt to deliver one webhook message (the endpoint's delivery log). */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    outboxId: uuid("outbox_id").notNull(),
    messageId: text("message_id").notNull(),
    eventType: text("event_type").notNull(),
    attempt: integer("attempt").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.at)],
);

/** Due-time alerts already produced: one per case and threshold, ever (the scheduler's idempotency). */
export const dueAlerts = pgTable(
  "due_alerts",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    /** "due_soon" or "overdue", for the case's current due time. */
    threshold: text("threshold").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.threshold, t.dueAt] })],
);

/** A scheduled job's runs: one row per job and window, so one instance runs each window. */
export const jobRuns = pgTable(
  "job_runs",
  {
    job: text("job").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    startedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.job, t.windowStart] })],
);

/**
 * An EHR registered by the plan's administrator for a provider organization: it signs in to the
 * FHIR API with SMART Backend Services (client_credentials + private_key_jwt) and signs its CDS
 * Hooks calls (`cdsHooksIssuer`). Only public keys are kept: a JWKS address (fetched through the
 * webhook SSRF guard) or an inline JWKS. Acts as `actingUserId`, a provider of the organization
 * named responsible for the integration (refused once that person no longer has access).
 */
export const ehrClients = pgTable(
  "ehr_clients",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    clientId: text("client_id").notNull().unique(),
    jwksUrl: text("jwks_url"),
    jwks: jsonb("jwks").$type<{ keys: Record<string, unknown>[] }>(),
    cdsHooksIssuer: text("cds_hooks_issuer").unique(),
    scopes: jsonb("scopes").$type<string[]>().notNull(),
    actingUserId: uuid("acting_user_id")
      .notNull()
      .references(() => users.id),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id),
  },
  (t) => [index("ehr_clients_org_idx").on(t.organizationId)],
);

/** Signed assertions already used (SMART client assertions, CDS Hooks JWTs): a `jti` is accepted once per issuer. */
export const usedJwtIds = pgTable(
  "used_jwt_ids",
  {
    issuer: text("issuer").notNull(),
    jti: text("jti").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.jti] }), index("used_jwt_ids_expiry_idx").on(t.expiresAt)],
);

/** FHIR R4 Subscription states (Subscriptions R5 Backport): requested until the handshake succeeds; off once deleted or ended. */
export const FHIR_SUBSCRIPTION_STATUSES = ["requested", "active", "error", "off"] as const;
export type FhirSubscriptionStatus = (typeof FHIR_SUBSCRIPTION_STATUSES)[number];
export const FHIR_SUBSCRIPTION_CONTENTS = ["empty", "id-only", "full-resource"] as const;
export type FhirSubscriptionContent = (typeof FHIR_SUBSCRIPTION_CONTENTS)[number];

/**
 * A PAS Subscription (topic PASSubscriptionTopic, rest-hook): an organization's EHR asks to be
 * told when a prior-authorization answer of that organization changes. The channel headers the
 * EHR gives (e.g. its own Authorization) are credentials: sealed like webhook secrets. A deleted
 * subscription keeps its row (status off, `deletedAt`): reads answer 410 and the log stays.
 */
export const fhirSubscriptions = pgTable(
  "fhir_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** The integration that created it: a SMART client id or an API key id (the audit events name it too). */
    createdVia: jsonb("created_via").$type<{ kind: string; id: string }>(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: FHIR_SUBSCRIPTION_STATUSES }).notNull().default("requested"),
    /** The orgIdentifier filter values (the organization's NPI). */
    filterOrgIdentifiers: jsonb("filter_org_identifiers").$type<string[]>().notNull(),
    endpoint: text("endpoint").notNull(),
    headersSealed: text("headers_sealed"),
    headerNames: jsonb("header_names").$type<string[]>().notNull().default([]),
    content: text("content", { enum: FHIR_SUBSCRIPTION_CONTENTS }).notNull(),
    heartbeatSeconds: integer("heartbeat_seconds"),
    timeoutSeconds: integer("timeout_seconds").notNull().default(10),
    reason: text("reason"),
    endAt: timestamp("end_at", { withTimezone: true }),
    /** Events numbered from 1 in the order they happened (events-since-subscription-start). */
    eventCount: bigint("event_count", { mode: "number" }).notNull().default(0),
    /** When a notification of any type last went out (the heartbeat's clock). */
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("fhir_subscriptions_org_idx").on(t.organizationId, t.status)],
);

/** One attempt to deliver one notification to a subscription's endpoint (its delivery log). */
export const fhirSubscriptionDeliveries = pgTable(
  "fhir_subscription_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => fhirSubscriptions.id),
    outboxId: uuid("outbox_id").notNull(),
    /** handshake, heartbeat or event-notification. */
    notificationType: text("notification_type").notNull(),
    eventNumber: bigint("event_number", { mode: "number" }),
    attempt: integer("attempt").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("fhir_subscription_deliveries_sub_idx").on(t.subscriptionId, t.at)],
);

/**
 * PAS Claim updates taken, by the sending organization's Bundle.identifier: a repeat of the same
 * update (a retry after a lost answer) answers the request as it stands instead of applying it
 * twice; the same identifier with other content is refused. Written in the update's transaction.
 */
export const pasUpdates = pgTable(
  "pas_updates",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    identifier: text("identifier").notNull(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    requestHash: text("request_hash").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.identifier] })],
);

export const GOLD_CARD_STATUSES = ["active", "revoked", "withdrawn"] as const;
export type GoldCardStatus = (typeof GOLD_CARD_STATUSES)[number];

/**
 * Gold cards (issue 25): a practice whose decided requests over the plan's look-back window were
 * approved at or above the plan's threshold has its requests within the policy approved on
 * submission. Each row keeps the figures that justified it and the rule then in force. A card is
 * ended once (revoked by an administrator with a reason, or withdrawn by the evaluation) and is
 * otherwise never changed or deleted (triggers in migration 0022); a new card is a new row. At
 * most one active card per organization (partial unique index).
 */
export const goldCards = pgTable(
  "gold_cards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    status: text("status", { enum: GOLD_CARD_STATUSES }).notNull().default("active"),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
    windowFrom: timestamp("window_from", { withTimezone: true }).notNull(),
    windowTo: timestamp("window_to", { withTimezone: true }).notNull(),
    decided: integer("decided").notNull(),
    approved: integer("approved").notNull(),
    /** Approved / decided in percent, one decimal, rounded down (display; the rule itself is integer). */
    approvalRate: text("approval_rate").notNull(),
    thresholdPercent: integer("threshold_percent").notNull(),
    minimumDecided: integer("minimum_decided").notNull(),
    windowMonths: integer("window_months").notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endedBy: uuid("ended_by").references(() => users.id),
    endReason: text("end_reason"),
  },
  (t) => [
    uniqueIndex("gold_cards_one_active")
      .on(t.organizationId)
      .where(sql`${t.status} = 'active'`),
    index("gold_cards_org_idx").on(t.organizationId, t.grantedAt),
  ],
);

/**
 * The prior-authorization metrics published for a calendar year (CMS-0057-F), one row per version:
 * the figures as computed at publication (suppressed groups already null), the minimum group size
 * used, who published and, from version 2 on, why. Append-only (triggers in migration 0023): a
 * published year changes only by a new version; two publications of one year never share a
 * version (unique index).
 */
export const publishedMetrics = pgTable(
  "published_metrics",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    year: integer("year").notNull(),
    version: integer("version").notNull(),
    figures: jsonb("figures").$type<Record<string, unknown>>().notNull(),
    minimumGroupSize: integer("minimum_group_size").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid("published_by")
      .notNull()
      .references(() => users.id),
    reason: text("reason"),
  },
  (t) => [uniqueIndex("published_metrics_year_version").on(t.year, t.version)],
);

// The portal's vocabulary in one place: roles, case statuses and their groups, decisions,
// finding statuses, labels, the plan's time zone and date formats, the appeal window and the
// link to a policy passage. No zod, no Drizzle, no policy text: db/schema.ts, the services and
// client components all import it.

import { INDICATION_LABELS } from "./policy/labels";
import type { Indication, Phase, Urgency } from "./policy/constants";
import type { CriterionStatus, Outcome } from "./policy/types";

export { OUTCOMES, type CriterionStatus, type Outcome } from "./policy/types";

export const ROLES = ["provider", "nurse_reviewer", "physician_reviewer", "auditor", "admin", "policy_engine"] as const;
export type Role = (typeof ROLES)[number];
/**
 * The roles a person may hold (invitations, role changes). `policy_engine` is the plan's policy
 * engine, the signer of automated approvals: an account no one signs in with.
 */
export const PERSON_ROLES = [
  "provider",
  "nurse_reviewer",
  "physician_reviewer",
  "auditor",
  "admin",
] as const satisfies readonly Role[];
export type PersonRole = (typeof PERSON_ROLES)[number];
export const isPersonRole = (role: string): role is PersonRole => (PERSON_ROLES as readonly string[]).includes(role);

/** The plan's staff: the roles an administrator may require to sign in with a second factor. */
const STAFF_ROLES: readonly Role[] = ["nurse_reviewer", "physician_reviewer", "auditor", "admin"];
export const isStaffRole = (role: Role): boolean => STAFF_ROLES.includes(role);
/** A provider belongs to a provider organization; every other person joins the plan. */
export const joinsProviderOrganization = (role: string): boolean => role === "provider";

export const ROLE_LABELS: Record<Role, string> = {
  provider: "Provider",
  nurse_reviewer: "Nurse reviewer",
  physician_reviewer: "Physician reviewer",
  auditor: "Auditor",
  admin: "Administrator",
  policy_engine: "Policy engine",
};

export const CASE_STATUSES = [
  "draft",
  "submitted",
  "in_review",
  "pending_information",
  "approved",
  "denied",
  "withdrawn",
  "appeal_submitted",
  "appeal_in_review",
  "appeal_upheld",
  "appeal_overturned",
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const STATUS_LABELS: Record<CaseStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  in_review: "In review",
  pending_information: "Information requested",
  approved: "Approved",
  denied: "Denied",
  withdrawn: "Withdrawn",
  appeal_submitted: "Appeal submitted",
  appeal_in_review: "Appeal in review",
  appeal_upheld: "Appeal upheld (denial stands)",
  appeal_overturned: "Appeal overturned (approved)",
};

/** A determination's decision, which is also the case's status after it. */
export const DECISIONS = ["approved", "denied", "appeal_upheld", "appeal_overturned"] as const;
export type Decision = (typeof DECISIONS)[number];
/** How a determination came about: a reviewer's initial decision, an appeal's, or the policy engine's automated approval. */
export const DETERMINATION_KINDS = ["initial", "appeal", "automated"] as const;
export type DeterminationKind = (typeof DETERMINATION_KINDS)[number];

/** Decided: a signed determination holds (an appeal may still follow a denial). */
const DECIDED: readonly CaseStatus[] = DECISIONS;
/** Nothing more happens in review: decided or withdrawn. */
const CLOSED: readonly CaseStatus[] = [...DECISIONS, "withdrawn"];
/** Waiting for a reviewer: the queue. */
export const OPEN_FOR_REVIEW: readonly CaseStatus[] = [
  "submitted",
  "in_review",
  "pending_information",
  "appeal_submitted",
  "appeal_in_review",
];
/** The statuses a nurse's queue shows (appeals are decided by physicians). */
export const INITIAL_REVIEW: readonly CaseStatus[] = ["submitted", "in_review", "pending_information"];
/** Waiting to be claimed. */
export const CLAIMABLE: readonly CaseStatus[] = ["submitted", "appeal_submitted"];
/** Held by a reviewer who decides it. */
export const UNDER_REVIEW: readonly CaseStatus[] = ["in_review", "appeal_in_review"];
export const APPEAL_STATUSES: readonly CaseStatus[] = ["appeal_submitted", "appeal_in_review"];
/** Files may still be added (by the provider). */
export const UPLOADABLE: readonly CaseStatus[] = [
  "draft",
  "submitted",
  "in_review",
  "pending_information",
  "appeal_submitted",
];
/** Held cases a reviewer may give back to the queue. */
export const RELEASABLE: readonly CaseStatus[] = ["in_review", "appeal_in_review", "pending_information"];
/** A provider may still withdraw. */
export const WITHDRAWABLE: readonly CaseStatus[] = ["draft", "submitted", "in_review", "pending_information"];

export const isDecided = (status: CaseStatus): boolean => DECIDED.includes(status);
/** Withdrawn: no due time applies any more. */
export const isWithdrawn = (status: CaseStatus): boolean => status === "withdrawn";
export const isOpenForReview = (status: CaseStatus): boolean => OPEN_FOR_REVIEW.includes(status);
export const isClosed = (status: CaseStatus): boolean => CLOSED.includes(status);

/** A reviewer's finding on one criterion. */
export const FINDING_STATUSES = ["met", "not_met", "not_documented", "not_applicable"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  met: "Met",
  not_met: "Not met",
  not_documented: "Not documented",
  not_applicable: "Not applicable",
};
/** Findings that speak against approval. */
const ADVERSE_FINDINGS: readonly FindingStatus[] = ["not_met", "not_documented"];
export const isAdverseFinding = (status: string): boolean => (ADVERSE_FINDINGS as readonly string[]).includes(status);

/** The engine's outcome in the reviewer's words (queue, workspace, history and their filters). */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  meets_criteria: "Meets criteria",
  does_not_meet_criteria: "Does not meet criteria",
  insufficient_documentation: "Insufficient documentation",
  requires_clinical_review: "Requires clinical review",
  not_addressed_by_policy: "Not addressed by policy",
};
/** The engine's outcome in the provider's words, short enough for a table cell (their case list). */
export const OUTCOME_PROVIDER_LABELS: Record<Outcome, string> = {
  meets_criteria: "Meets criteria",
  does_not_meet_criteria: "Criteria not met",
  insufficient_documentation: "Information missing",
  requires_clinical_review: "Clinical review",
  not_addressed_by_policy: "Outside the policy",
};
/** What the engine's outcome means for a submitted case, for its provider (the case page). */
export const OUTCOME_SUMMARIES: Record<Outcome, string> = {
  meets_criteria: "Meets every criterion of the policy",
  does_not_meet_criteria: "At least one criterion is documented as not met",
  insufficient_documentation: "Information is missing (flagged for the reviewer)",
  requires_clinical_review: "Documented; the reviewer applies the medical-necessity criteria",
  not_addressed_by_policy: "Not addressed by this policy; a physician reviewer decides",
};
/** What the engine's outcome means for a request still being written, as a sentence (the form's panel). */
export const OUTCOME_DRAFT_SENTENCES: Record<Outcome, string> = {
  meets_criteria: "The request meets every criterion of the policy.",
  does_not_meet_criteria: "At least one criterion is documented as not met.",
  insufficient_documentation: "The policy still needs information (listed below).",
  requires_clinical_review:
    "Everything the policy asks for is documented; a reviewer applies the medical-necessity criteria.",
  not_addressed_by_policy:
    "This policy does not address the request; a physician reviewer will decide under other criteria.",
};
/** Outside the policy: a physician reviewer decides under other criteria. */
export const isNotAddressedByPolicy = (outcome: string | null | undefined): boolean =>
  outcome === "not_addressed_by_policy";

/** The engine's criterion status in the reviewer's words. */
export const CRITERION_STATUS_LABELS: Record<CriterionStatus, string> = {
  met: "Met",
  not_met: "Not met",
  missing_documentation: "Not documented",
  needs_clinical_review: "Needs clinical review",
  not_applicable: "Not applicable",
};

/** The reviewer's starting status for an engine status (undefined: the reviewer decides). */
export function engineDefaultStatus(engineStatus: string): FindingStatus | undefined {
  switch (engineStatus) {
    case "met":
      return "met";
    case "not_met":
      return "not_met";
    case "missing_documentation":
      return "not_documented";
    case "not_applicable":
      return "not_applicable";
    default:
      return undefined; // needs clinical review: the reviewer decides
  }
}

/** Engine criterion statuses that leave something for the provider to supply or change. */
export const STILL_NEEDED_CRITERION_STATUSES: readonly string[] = ["missing_documentation", "not_met"];

/** Indications whose medical necessity is decided with InterQual (the policy defers to it). */
const INTERQUAL_INDICATIONS = ["cancer_pain", "spasticity"] as const;
export const INTERQUAL_RESULTS = ["met", "not_met"] as const;
export function needsInterqual(indication: string | null | undefined): boolean {
  return (INTERQUAL_INDICATIONS as readonly string[]).includes(indication ?? "");
}

/** Labels that start a line, from labels written to sit inside a sentence. */
export function capitalized<K extends string>(labels: Record<K, string>): Record<K, string> {
  return Object.fromEntries(
    Object.entries<string>(labels).map(([k, v]) => [k, v.charAt(0).toUpperCase() + v.slice(1)]),
  ) as Record<K, string>;
}
/** Indication labels inside a sentence ("for cancer-related pain", "another indication"). */
export { INDICATION_LABELS };
/** Indication labels that start a line, as the provider's form offers them ("Another indication"). */
export const INDICATION_CHOICES = capitalized(INDICATION_LABELS);
/** Indication labels for table columns, headings and filters ("Other"). */
export const INDICATION_HEADINGS: Record<Indication, string> = {
  cancer_pain: "Cancer-related pain",
  spasticity: "Spasticity",
  chronic_nonmalignant_pain: "Chronic non-malignant pain",
  other: "Other",
};
export const URGENCY_LABELS: Record<Urgency, string> = { standard: "Standard", expedited: "Expedited" };
/** Phase labels for table columns and headings (the form and letters spell the procedure out). */
export const PHASE_LABELS: Record<Phase, string> = { trial: "Trial", implant: "Implant" };

/** The label of a stored value (text columns and audit details hold plain strings): undefined when absent or not in `labels`. */
export function labelOf<K extends string>(
  labels: Record<K, string>,
  value: string | null | undefined,
): string | undefined {
  return value != null && Object.hasOwn(labels, value) ? labels[value as K] : undefined;
}

/** The plan's wall clock: due times, dates shown and letters. */
export const PLAN_TIME_ZONE = "America/New_York";

const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: PLAN_TIME_ZONE,
});
const longDateFormat = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "long",
  day: "numeric",
  timeZone: PLAN_TIME_ZONE,
});
const isoDateFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: PLAN_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** "Mar 2, 2026, 10:00 AM ET"; empty for no date. */
export function formatPlanDateTime(d: Date | string | null | undefined): string {
  return d ? `${dateTimeFormat.format(new Date(d))} ET` : "";
}
/** "March 2, 2026" (letters). */
export function formatPlanDate(d: Date): string {
  return longDateFormat.format(d);
}
/** Today's date on the plan's clock, as YYYY-MM-DD (forms compare request dates with it). */
export function todayInPlanZone(now: Date = new Date()): string {
  return isoDateFormat.format(now);
}

/** Days after a denial during which an appeal may be filed. */
export const APPEAL_WINDOW_DAYS = 180;
const DAY_MS = 86_400_000;
/** The last moment an appeal of a denial decided at `deniedAt` may be filed. */
export function appealDeadline(deniedAt: Date): Date {
  return new Date(deniedAt.getTime() + APPEAL_WINDOW_DAYS * DAY_MS);
}

/** The policy text page of `version` (the case's own), at `anchor` when given. */
export function policyHref(version: string | null | undefined, anchor?: string): string {
  const path = `/policy/${encodeURIComponent(version || "339.7")}`;
  return anchor ? `${path}#${anchor}` : path;
}

/**
 * Why a provider withdraws: a fixed choice (no free text, which could hold PHI), kept as the enum
 * value in the `case.withdraw` audit event's details and shown on the case timeline.
 */
export const WITHDRAW_REASONS = ["no_longer_needed", "submitted_in_error", "patient_declined", "other"] as const;
export type WithdrawReason = (typeof WITHDRAW_REASONS)[number];
export const WITHDRAW_REASON_LABELS: Record<WithdrawReason, string> = {
  no_longer_needed: "No longer needed",
  submitted_in_error: "Submitted in error",
  patient_declined: "Patient declined",
  other: "Other",
};

/**
 * Notification events (in the portal, by email and, for the provider's, by webhook). The names
 * are also the webhook event types.
 */
export const PROVIDER_EVENTS = [
  "case.received",
  "case.information_requested",
  "case.decided",
  "appeal.received",
  "appeal.decided",
  "case.withdrawn",
] as const;
const REVIEWER_EVENTS = [
  "case.information_received",
  "case.due_soon",
  "case.overdue",
  "case.escalated",
  "appeal.arrived",
] as const;
/**
 * The practice's own events, not about one case: its gold card granted, or ended (withdrawn by
 * the plan's evaluation or revoked by an administrator). Bell, email and webhook (whose `data` is
 * the card, not a case) for every active provider of the practice.
 */
export const PRACTICE_EVENTS = ["gold_card.granted", "gold_card.withdrawn"] as const;
export type PracticeEvent = (typeof PRACTICE_EVENTS)[number];
/** Everything a provider hears about: its cases and its practice. */
export const PROVIDER_NOTIFICATION_EVENTS = [...PROVIDER_EVENTS, ...PRACTICE_EVENTS] as const;
export const NOTIFICATION_EVENTS = [...PROVIDER_EVENTS, ...PRACTICE_EVENTS, ...REVIEWER_EVENTS] as const;
/** What a reviewer may choose email for: their events, and the withdrawal of a case they hold. */
export const REVIEWER_EMAIL_EVENTS = [...REVIEWER_EVENTS, "case.withdrawn"] as const;
export type ProviderEvent = (typeof PROVIDER_EVENTS)[number];
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
export const NOTIFICATION_EVENT_LABELS: Record<NotificationEvent, string> = {
  "case.received": "Case received",
  "case.information_requested": "Information requested",
  "case.decided": "Decision made",
  "appeal.received": "Appeal received",
  "appeal.decided": "Appeal decided",
  "case.withdrawn": "Case withdrawn",
  "gold_card.granted": "Gold card granted",
  "gold_card.withdrawn": "Gold card withdrawn or revoked",
  "case.information_received": "Information received",
  "case.due_soon": "Due soon",
  "case.overdue": "Overdue",
  "case.escalated": "Escalated to physicians",
  "appeal.arrived": "Appeal to decide",
};
/**
 * Webhook events beyond the case events: `audit.checkpoint` carries each signed audit checkpoint
 * to the plan's own audit anchors (README "Audit anchors"). Only the plan's administrators
 * subscribe to it; providers subscribe to the case events of their organization.
 */
const AUDIT_WEBHOOK_EVENTS = ["audit.checkpoint"] as const;
export const WEBHOOK_EVENTS = [...PROVIDER_NOTIFICATION_EVENTS, ...AUDIT_WEBHOOK_EVENTS] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  ...(Object.fromEntries(PROVIDER_NOTIFICATION_EVENTS.map((e) => [e, NOTIFICATION_EVENT_LABELS[e]])) as Record<
    (typeof PROVIDER_NOTIFICATION_EVENTS)[number],
    string
  >),
  "audit.checkpoint": "Audit checkpoint signed",
};
/** A delivered event's name in words (the test event and any name no longer offered included). */
export function webhookEventLabel(type: string): string {
  if (type === "webhook.test") return "Test event";
  return (WEBHOOK_EVENT_LABELS as Record<string, string>)[type] ?? type;
}
/** The webhook events a role may subscribe its organization's endpoints to. */
export function webhookEventsFor(role: Role): readonly WebhookEvent[] {
  return role === "provider" ? PROVIDER_NOTIFICATION_EVENTS : role === "admin" ? AUDIT_WEBHOOK_EVENTS : [];
}
export const EMAIL_MODES = ["off", "instant", "daily"] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];
export const EMAIL_MODE_LABELS: Record<EmailMode, string> = {
  off: "No email",
  instant: "One email per event",
  daily: "A daily digest",
};
/** Hours before the due time at which a held case's reviewer is alerted. */
export const DUE_SOON_HOURS: Record<"standard" | "expedited", number> = { standard: 24, expedited: 12 };

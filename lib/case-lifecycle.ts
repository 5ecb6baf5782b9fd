import type { CaseStatus } from "@/db/schema";

/**
 * A case's life (PRODUCT.md): draft → submitted → in_review → (pending_information →
 * in_review)* → approved | denied; withdrawn from any state before a decision; a denial may be
 * appealed: denied → appeal_submitted → appeal_in_review → appeal_upheld | appeal_overturned.
 *
 * Every status change a service makes is one of these (the review services check it in
 * `moveCase`, the provider services in their own updates). Who does what:
 * - draft → submitted (submit), → withdrawn (withdraw)
 * - submitted → in_review (claim), → withdrawn. No decision is made on an unclaimed case: every
 *   decision service (approve, deny, decide-unaddressed) needs the case in review and held.
 * - in_review → approved | denied (decide), → pending_information (pend), → submitted (release,
 *   escalate), → withdrawn
 * - pending_information → in_review (the provider answers; a reviewer still holds it),
 *   → submitted (the provider answers and nobody holds it, or the holder may no longer review
 *   it), → pending_information (the holder releases it: it keeps its state, loses its
 *   assignee), → withdrawn
 * - denied → appeal_submitted (the provider appeals)
 * - appeal_submitted → appeal_in_review (a physician claims the appeal)
 * - appeal_in_review → appeal_upheld | appeal_overturned (decide the appeal), → appeal_submitted
 *   (release)
 */
export const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  draft: ["submitted", "withdrawn"],
  submitted: ["in_review", "withdrawn"],
  in_review: ["pending_information", "approved", "denied", "submitted", "withdrawn"],
  pending_information: ["in_review", "submitted", "pending_information", "withdrawn"],
  approved: [],
  denied: ["appeal_submitted"],
  withdrawn: [],
  appeal_submitted: ["appeal_in_review"],
  appeal_in_review: ["appeal_upheld", "appeal_overturned", "appeal_submitted"],
  appeal_upheld: [],
  appeal_overturned: [],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Waiting for a reviewer: the queue. */
export const OPEN_FOR_REVIEW: readonly CaseStatus[] = ["submitted", "in_review", "pending_information", "appeal_submitted", "appeal_in_review"];
/** A provider may still withdraw. */
export const WITHDRAWABLE: readonly CaseStatus[] = ["draft", "submitted", "in_review", "pending_information"];
export const DECIDED: readonly CaseStatus[] = ["approved", "denied", "appeal_upheld", "appeal_overturned"];

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

/** Days after a denial during which an appeal may be filed. */
export const APPEAL_WINDOW_DAYS = 180;

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

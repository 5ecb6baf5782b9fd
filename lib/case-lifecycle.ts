import type { CaseStatus } from "@/db/schema";

/**
 * A case's life (PRODUCT.md): draft → submitted → in_review → (pending_information →
 * in_review)* → approved | denied; withdrawn from any state before a decision; a denial may be
 * appealed: denied → appeal_submitted → appeal_in_review → appeal_upheld | appeal_overturned.
 */
export const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  draft: ["submitted", "withdrawn"],
  submitted: ["in_review", "pending_information", "approved", "denied", "withdrawn"],
  in_review: ["pending_information", "approved", "denied", "submitted", "withdrawn"],
  pending_information: ["in_review", "withdrawn"],
  approved: [],
  denied: ["appeal_submitted"],
  withdrawn: [],
  appeal_submitted: ["appeal_in_review", "appeal_upheld", "appeal_overturned"],
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

// The decisions the bar signs, loaded when one is chosen: each kind's service call (through the
// review form's inputs) and its success message, and the denial letter's preview.
import {
  approveCaseAction,
  decideAppealAction,
  decideUnaddressedCaseAction,
  denyCaseAction,
  previewDenialLetterAction,
} from "@/app/(app)/review/[caseId]/actions";
import type { SignKind } from "./sign-dialog";
import type { ActionResult, ReviewForm } from "./use-review-form";

export const SUCCESS: Record<SignKind, string> = {
  approve: "Approved. The letter has been issued.",
  approve_outside: "Approved outside the policy. The letter has been issued.",
  overturn: "Appeal decided: overturned (approved). The letter has been issued.",
  deny: "Denied. The letter has been issued.",
  deny_outside: "Denied. The letter has been issued.",
  uphold: "The denial is upheld. The letter has been issued.",
};

/** The letter the adverse decision `kind` would send, built by the server from the form's findings. */
export function previewDenialLetter(kind: "deny" | "deny_outside" | "uphold", review: ReviewForm) {
  return previewDenialLetterAction({
    ...review.decisionInput({ partial: kind === "deny_outside" }),
    decision: kind === "uphold" ? "appeal_upheld" : "denied",
  });
}

/** Runs the decision `kind` with the form's current findings, rationale and InterQual review. */
export function decide(kind: SignKind, review: ReviewForm): Promise<ActionResult> {
  switch (kind) {
    case "approve":
      return approveCaseAction(review.decisionInput());
    case "approve_outside":
      return decideUnaddressedCaseAction({ ...review.decisionInput({ partial: true }), decision: "approved" });
    case "overturn":
      return decideAppealAction({ ...review.decisionInput(), decision: "appeal_overturned" });
    case "deny":
      return denyCaseAction(review.decisionInput());
    case "deny_outside":
      return decideUnaddressedCaseAction({ ...review.decisionInput({ partial: true }), decision: "denied" });
    case "uphold":
      return decideAppealAction({ ...review.decisionInput(), decision: "appeal_upheld" });
  }
}

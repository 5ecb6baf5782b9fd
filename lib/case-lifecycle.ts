import type { CaseStatus } from "./domain";

/**
 * A case's life (PRODUCT.md): draft → submitted → in_review → (pending_information →
 * in_review)* → approved | denied; withdrawn from any state before a decision; a denial may be
 * appealed: denied → appeal_submitted → appeal_in_review → appeal_upheld | appeal_overturned.
 *
 * Every status change a service makes is one of these: they all go through `moveCase`
 * (lib/server/cases/move-case.ts), which checks it. Who does what:
 * - draft → submitted (submit), → withdrawn (withdraw)
 * - submitted → in_review (claim), → withdrawn, → approved (only the policy engine's automated
 *   approval, in the plan's enabled phases, of a fully met, documented, attested request; no
 *   person decides an unclaimed case: every reviewer's decision service (approve, deny,
 *   decide-unaddressed) needs the case in review and held; and nothing is denied unclaimed).
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
  submitted: ["in_review", "withdrawn", "approved"],
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

/** The move only the policy engine makes (automated approval); a person's decision needs the case in review. */
const engineOnly = (from: CaseStatus, to: CaseStatus) => from === "submitted" && to === "approved";

export function canTransition(from: CaseStatus, to: CaseStatus, actor: "person" | "engine" = "person"): boolean {
  if (actor === "person" && engineOnly(from, to)) return false;
  return TRANSITIONS[from].includes(to);
}

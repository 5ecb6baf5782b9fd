import "server-only";
import { eq, inArray, or, type SQL } from "drizzle-orm";
import { cases } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import {
  APPEAL_STATUSES,
  appealDeadline,
  CLAIMABLE,
  isClosed,
  isDecided,
  isNotAddressedByPolicy,
  needsInterqual,
  RELEASABLE,
  UNDER_REVIEW,
  UPLOADABLE,
  WITHDRAWABLE,
  type CaseStatus,
} from "@/lib/domain";
import type { ServiceContext } from "../context";

/**
 * What the viewer may do with one case, and the facts about it that a page shows: one answer,
 * computed on the server from the RBAC table (`can`), the lifecycle, physician-only routing, the
 * appeal window, InterQual applicability and who holds the case. Pages and client components
 * render from it and never compare roles or statuses themselves.
 *
 * Abilities are for display. Every service still enforces each rule itself (the service is the
 * wall): an ability that is true only means the button is worth showing.
 */
export interface CaseAbilities {
  /** The viewer holds (is assigned) the case. */
  heldByViewer: boolean;
  /** Someone else holds it. */
  heldByOther: boolean;
  /** Routed to physician reviewers (not addressed by the policy, escalated, or an appeal). */
  physicianOnly: boolean;
  /** Physician-only and the viewer is not a physician reviewer (a holder may only release it). */
  routedAway: boolean;
  /** The engine found the policy does not address the request: decided outside the policy. */
  unaddressed: boolean;
  /** The appeal stage (appeal submitted or in review). */
  appeal: boolean;
  /** A signed determination holds. */
  decided: boolean;
  /** Decided or withdrawn: nothing more happens in review. */
  closed: boolean;
  /** Unassigned and waiting to be claimed. */
  waitingForClaim: boolean;
  /** Waiting for the provider's information. */
  waitingForProvider: boolean;
  /** Under review by whoever holds it (in review or appeal in review). */
  underReview: boolean;
  /** The decision needs the InterQual subset and result (cancer pain, spasticity). */
  needsInterqual: boolean;
  /** The last moment to appeal the denial on record (null: no denial). */
  appealDeadline: Date | null;
  /** The provider's draft, still editable. */
  draft: boolean;
  /** Denied and not (yet) appealed: the appeal window is shown. */
  denialStands: boolean;

  // reviewer side
  canClaim: boolean;
  canRelease: boolean;
  /** The reviewer's unsigned notes (autosaved draft). */
  canKeepNotes: boolean;
  /** The viewer holds the case in review (the decision bar shows; each action below says what it offers). */
  canDecide: boolean;
  canPend: boolean;
  canEscalate: boolean;
  canApprove: boolean;
  canDeny: boolean;
  canDecideUnaddressed: boolean;
  canDecideAppeal: boolean;
  /**
   * Why a physician who would otherwise deny or decide this appeal may not: no current MD/DO
   * licence on file (the deny and appeal services refuse for the same reason). Null otherwise.
   */
  decisionBlockedReason: string | null;

  // provider side
  canEditDraft: boolean;
  canWithdraw: boolean;
  canRespond: boolean;
  canAppeal: boolean;
  canUpload: boolean;
}

/** The case fields abilities depend on. */
export interface AbilityCase {
  status: CaseStatus;
  assigneeId: string | null;
  physicianOnly: boolean;
  engineOutcome: string | null;
  indication: string | null;
}

/** Facts about the case beyond its row (read by the service that displays it). */
export interface AbilityFacts {
  /** When the denial on record was signed (for the appeal window). */
  deniedAt?: Date | null;
  /** The viewer signed the denial under appeal (may not decide the appeal). */
  viewerIsAppealDenier?: boolean;
  /**
   * The viewer's MD/DO licence standing (physicians: `physicianLicenceStanding`). Denials and
   * appeal decisions need a current one; when it is not given, they are not offered.
   */
  licence?: { current: boolean; message: string | null };
  /** A reviewer's request for information is open. */
  openInformationRequest?: boolean;
  now?: Date;
}

/** Cases a nurse may not take: routed to physicians (not addressed by the policy, escalated) and appeals. */
export function isPhysicianOnly(c: Pick<AbilityCase, "physicianOnly" | "status" | "engineOutcome">): boolean {
  return c.physicianOnly || isNotAddressedByPolicy(c.engineOutcome) || APPEAL_STATUSES.includes(c.status);
}

/** `isPhysicianOnly` as a condition on the cases table (the queue's views). */
export function physicianOnlySql(): SQL {
  return or(
    eq(cases.physicianOnly, true),
    eq(cases.engineOutcome, "not_addressed_by_policy"),
    inArray(cases.status, [...APPEAL_STATUSES]),
  )!;
}

export function caseAbilities(
  ctx: Pick<ServiceContext, "viewer">,
  c: AbilityCase,
  facts: AbilityFacts = {},
): CaseAbilities {
  const { role, userId } = ctx.viewer;
  const now = facts.now ?? new Date();
  const heldByViewer = !!c.assigneeId && c.assigneeId === userId;
  const physicianOnly = isPhysicianOnly(c);
  const routedAway = physicianOnly && !can(role, "queue.physician");
  const unaddressed = isNotAddressedByPolicy(c.engineOutcome);
  const appeal = APPEAL_STATUSES.includes(c.status);
  const inReview = c.status === "in_review";
  const waitingForClaim = !c.assigneeId && CLAIMABLE.includes(c.status);
  const underReview = UNDER_REVIEW.includes(c.status);
  const deadline = facts.deniedAt ? appealDeadline(facts.deniedAt) : null;
  const isReviewer = can(role, "case.claim");
  // The holder acting on the case in review (routing re-checked: a nurse may only release a case that became physician-only).
  const holdsInReview = isReviewer && heldByViewer && underReview;
  const deciding = holdsInReview && !routedAway;
  const decidingInitial = deciding && inReview;
  const appealDenier = !!facts.viewerIsAppealDenier;
  const licenceCurrent = facts.licence?.current === true;
  const wouldDeny = decidingInitial && !unaddressed && can(role, "case.deny");
  const wouldDecideAppeal = deciding && c.status === "appeal_in_review" && !appealDenier && can(role, "appeal.decide");
  return {
    heldByViewer,
    heldByOther: !!c.assigneeId && !heldByViewer,
    physicianOnly,
    routedAway,
    unaddressed,
    appeal,
    decided: isDecided(c.status),
    closed: isClosed(c.status),
    waitingForClaim,
    waitingForProvider: c.status === "pending_information",
    underReview,
    needsInterqual: needsInterqual(c.indication),
    appealDeadline: deadline,
    draft: c.status === "draft",
    denialStands: c.status === "denied",

    canClaim:
      isReviewer &&
      waitingForClaim &&
      !routedAway &&
      (c.status !== "appeal_submitted" || (can(role, "appeal.decide") && !appealDenier)),
    canRelease: isReviewer && heldByViewer && RELEASABLE.includes(c.status),
    canKeepNotes: can(role, "queue.read") && !isClosed(c.status),
    canDecide: holdsInReview,
    canPend: decidingInitial && can(role, "case.pend"),
    canEscalate: decidingInitial && can(role, "case.escalate"),
    canApprove: decidingInitial && !unaddressed && can(role, "case.approve"),
    canDeny: wouldDeny && licenceCurrent,
    canDecideUnaddressed: decidingInitial && unaddressed && can(role, "case.decide_unaddressed"),
    canDecideAppeal: wouldDecideAppeal && licenceCurrent,
    decisionBlockedReason:
      (wouldDeny || wouldDecideAppeal) && !licenceCurrent
        ? (facts.licence?.message ??
          "You have no current MD or DO licence on file. Denials and appeal decisions need one.")
        : null,

    canEditDraft: can(role, "case.create") && c.status === "draft",
    canWithdraw: can(role, "case.withdraw") && WITHDRAWABLE.includes(c.status),
    canRespond: can(role, "case.respond") && c.status === "pending_information" && !!facts.openInformationRequest,
    canAppeal: can(role, "case.appeal") && c.status === "denied" && !!deadline && now <= deadline,
    canUpload: can(role, "attachment.upload") && UPLOADABLE.includes(c.status),
  };
}

import "server-only";
import { can } from "@/lib/auth/permissions";
import { DECIDED } from "@/lib/case-lifecycle";
import type { ServiceContext } from "../context";
import { isPhysicianOnly, type CaseRow } from "./case-guard";

/**
 * What the viewer may do on a case in the review workspace, for display only: the services
 * enforce every rule themselves. Field names follow issue 10's `CaseAbilities` (reviewer side);
 * this module is replaced by `caseAbilities` from lib/server/cases/abilities.ts when that lands.
 */
export interface WorkspaceAbilities {
  heldByViewer: boolean;
  heldByOther: boolean;
  physicianOnly: boolean;
  decided: boolean;
  closed: boolean;
  needsInterqual: boolean;
  canClaim: boolean;
  canRelease: boolean;
  canKeepNotes: boolean;
  canPend: boolean;
  canEscalate: boolean;
  canApprove: boolean;
  canDeny: boolean;
  canDecideUnaddressed: boolean;
  canDecideAppeal: boolean;
  /** Why the viewer cannot decide now, in words (null when they can). */
  decisionNote: string | null;
}

type Row = Pick<CaseRow, "status" | "assigneeId" | "physicianOnly" | "engineOutcome" | "indication">;

export function workspaceAbilities(ctx: Pick<ServiceContext, "viewer">, row: Row, facts: { viewerIsAppealDenier?: boolean } = {}): WorkspaceAbilities {
  const role = ctx.viewer.role;
  const reviewer = can(role, "case.claim");
  const physicianOnly = isPhysicianOnly(row);
  const routedAway = physicianOnly && !can(role, "queue.physician");
  const decided = DECIDED.includes(row.status);
  const closed = decided || row.status === "withdrawn";
  const heldByViewer = !!row.assigneeId && row.assigneeId === ctx.viewer.userId;
  const heldByOther = !!row.assigneeId && !heldByViewer;
  const denier = !!facts.viewerIsAppealDenier && (row.status === "appeal_submitted" || row.status === "appeal_in_review");
  const unaddressed = row.engineOutcome === "not_addressed_by_policy";
  const underReview = heldByViewer && (row.status === "in_review" || row.status === "appeal_in_review");
  const initialReview = underReview && row.status === "in_review" && !routedAway;
  const canDecideAppeal = underReview && row.status === "appeal_in_review" && can(role, "queue.physician") && !denier;
  const canDecideUnaddressed = initialReview && unaddressed && can(role, "case.decide_unaddressed");
  const canApprove = initialReview && !unaddressed && can(role, "case.approve");
  const canDeny = initialReview && !unaddressed && can(role, "case.deny");
  const canPend = initialReview && !unaddressed && can(role, "case.pend");
  const canEscalate = initialReview && !unaddressed && can(role, "case.escalate");
  const canClaim = reviewer && !closed && !row.assigneeId && (row.status === "submitted" || row.status === "appeal_submitted") && !routedAway && !denier;
  const decisionNote = closed
    ? null
    : denier
      ? "You denied this case; another physician decides its appeal."
      : routedAway
        ? unaddressed
          ? "The policy does not address this case: a physician decides it."
          : "This case is routed to physician reviewers."
        : heldByOther
          ? "Another reviewer holds this case: only they can decide it."
          : row.status === "pending_information"
            ? "This case is waiting for the provider's information."
            : !heldByViewer
              ? "Claim the case to decide it."
              : null;
  return {
    heldByViewer,
    heldByOther,
    physicianOnly,
    decided,
    closed,
    needsInterqual: row.indication === "cancer_pain" || row.indication === "spasticity",
    canClaim,
    canRelease: heldByViewer && !closed,
    canKeepNotes: reviewer && !closed,
    canPend,
    canEscalate,
    canApprove,
    canDeny,
    canDecideUnaddressed,
    canDecideAppeal,
    decisionNote,
  };
}

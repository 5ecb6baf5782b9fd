import type { CaseAbilities } from "@/lib/server/cases/abilities";

/** Why the viewer cannot decide the case now, in words (null when they can, or it is closed). */
export function decisionNote(a: CaseAbilities, viewerIsAppealDenier: boolean): string | null {
  if (a.closed) return null;
  if (a.appeal && viewerIsAppealDenier) return "You denied this case; another physician decides its appeal.";
  if (a.routedAway)
    return a.heldByViewer
      ? "This case is now routed to physician reviewers: release it."
      : a.unaddressed
        ? "The policy does not address this case: a physician decides it."
        : "This case is routed to physician reviewers.";
  if (a.heldByOther) return "Another reviewer holds this case: only they can decide it.";
  if (a.waitingForProvider) return "This case is waiting for the provider's information.";
  if (!a.heldByViewer) return "Claim the case to decide it.";
  return null;
}

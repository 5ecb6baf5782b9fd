import type { Phase } from "@/lib/policy/constants";

// The public metrics' shapes and labels (pure: pages, components and the server share them).

/** One urgency's public figures. A group smaller than the minimum is suppressed: every figure null. */
export interface PublicUrgencyFigures {
  urgency: "standard" | "expedited";
  suppressed: boolean;
  /** Why the figures are not shown (null when shown). */
  reason: string | null;
  requestsDecided: number | null;
  /** Percent of decided requests, one decimal. */
  approvedPercent: number | null;
  deniedPercent: number | null;
  approvedAfterAppealPercent: number | null;
  approvedAfterExtensionPercent: number | null;
  /** Hours from request (submission) to decision, one decimal. */
  averageHoursToDecision: number | null;
  medianHoursToDecision: number | null;
  /** Approvals issued by the policy engine on submission (included in every figure above). */
  automatedApprovals: number | null;
}

export interface PublicService {
  phase: Phase;
  service: string;
  codes: { code: string; description: string }[];
}

/** What a publication stores and the public page, CSV and JSON show: aggregates only. */
export interface PublicFigures {
  year: number;
  policy: string;
  policyTitle: string;
  /** Requests submitted in the calendar year (whole days, the plan's time zone). */
  period: { from: string; to: string; timeZone: string };
  minimumGroupSize: number;
  services: PublicService[];
  standard: PublicUrgencyFigures;
  expedited: PublicUrgencyFigures;
}

export const suppressedText = (minimum: number) => `Not shown: fewer than ${minimum} requests`;

export const differencingText = (minimum: number, version: number) =>
  `Not shown: fewer than ${minimum} requests changed since version ${version}, so comparing the two would single them out`;

/** Every figure of an urgency hidden, with the reason. */
export function suppressedUrgency(urgency: PublicUrgencyFigures["urgency"], reason: string): PublicUrgencyFigures {
  return {
    urgency,
    suppressed: true,
    reason,
    requestsDecided: null,
    approvedPercent: null,
    deniedPercent: null,
    approvedAfterAppealPercent: null,
    approvedAfterExtensionPercent: null,
    averageHoursToDecision: null,
    medianHoursToDecision: null,
    automatedApprovals: null,
  };
}

/**
 * A new version must not let anyone learn about fewer than `minimum` requests by subtracting an
 * earlier version: an urgency shown in an earlier version whose figures changed, while its count
 * of decided requests moved by less than the minimum (a late denial added, an outcome changed),
 * is hidden in the new version. Earlier versions: every published one of the year.
 */
export function withoutDifferencing(
  figures: PublicFigures,
  earlier: { version: number; figures: PublicFigures }[],
  minimum: number,
): PublicFigures {
  const guard = (urgency: "standard" | "expedited"): PublicUrgencyFigures => {
    const now = figures[urgency];
    if (now.suppressed) return now;
    for (const { version, figures: then } of earlier) {
      const before = then[urgency];
      if (before.suppressed || before.requestsDecided === null) continue;
      const same = URGENCY_MEASURES.every(([key]) => before[key] === now[key]);
      if (!same && Math.abs((now.requestsDecided ?? 0) - before.requestsDecided) < minimum)
        return suppressedUrgency(urgency, differencingText(minimum, version));
    }
    return now;
  };
  return { ...figures, standard: guard("standard"), expedited: guard("expedited") };
}

/** The figures of one urgency, in the order the page and the CSV list them. */
export const URGENCY_MEASURES: [keyof PublicUrgencyFigures, string][] = [
  ["requestsDecided", "Requests decided"],
  ["approvedPercent", "Approved (% of decided)"],
  ["deniedPercent", "Denied (% of decided)"],
  ["approvedAfterAppealPercent", "Approved after appeal (% of decided)"],
  ["approvedAfterExtensionPercent", "Approved after a time-frame extension (% of decided)"],
  ["averageHoursToDecision", "Average time from request to decision (hours)"],
  ["medianHoursToDecision", "Median time from request to decision (hours)"],
  ["automatedApprovals", "Approved automatically by the policy engine (included above)"],
];

// Gold cards (issue 25): whether a practice's record over the plan's look-back window earns it a
// gold card for PHARMACY 339.7. Pure: no I/O. Integer arithmetic only, so a practice exactly at
// the threshold earns it and one approval below does not, whatever the counts (no float rounding).

export interface GoldCardFigures {
  /** Requests decided in the window (their first decision). */
  decided: number;
  /** Of those, approved. */
  approved: number;
}

export interface GoldCardRule {
  /** At least this many decided requests. */
  minimumDecided: number;
  /** An approval rate at or above this whole percent. */
  thresholdPercent: number;
}

export type GoldCardShortfall = "too_few_decided" | "rate_below_threshold";

export interface GoldCardDecision {
  eligible: boolean;
  /** Approved / decided in percent, rounded down to one decimal for display (null: nothing decided). */
  approvalRate: number | null;
  /** Why not (empty when eligible). */
  reasons: GoldCardShortfall[];
}

/** The plan's defaults: 12 months, 30 decided requests, 90 %. */
export const GOLD_CARD_DEFAULTS = { windowMonths: 12, minimumDecided: 30, thresholdPercent: 90 } as const;

export function goldCardDecision(figures: GoldCardFigures, rule: GoldCardRule): GoldCardDecision {
  const { decided, approved } = figures;
  if (!Number.isInteger(decided) || !Number.isInteger(approved) || decided < 0 || approved < 0 || approved > decided)
    throw new RangeError("decided and approved must be whole numbers with 0 <= approved <= decided");
  const reasons: GoldCardShortfall[] = [];
  if (decided < rule.minimumDecided) reasons.push("too_few_decided");
  // approved / decided >= threshold / 100, multiplied out: exact in integers.
  if (decided === 0 || approved * 100 < rule.thresholdPercent * decided) reasons.push("rate_below_threshold");
  return {
    eligible: reasons.length === 0,
    approvalRate: decided === 0 ? null : Math.floor((approved * 1000) / decided) / 10,
    reasons,
  };
}

export const GOLD_CARD_SHORTFALL_LABELS: Record<GoldCardShortfall, string> = {
  too_few_decided: "fewer decided requests than the plan's minimum",
  rate_below_threshold: "an approval rate below the plan's threshold",
};

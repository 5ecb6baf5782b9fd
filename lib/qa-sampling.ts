// Which automated approvals a nurse reviews afterwards (quality review): a plan-set share drawn at
// random at decision time, and at least one a day, so even a quiet day measures the engine.
// Pure: the caller supplies the random draw (seeded in tests) and whether today has one already.

/** The plan's default share of automated approvals drawn for quality review, in percent. */
export const DEFAULT_QA_SAMPLE_PERCENT = 10;

/**
 * Whether this automated approval is drawn for quality review: `random` in [0, 1) below the
 * share, or nothing drawn yet today (plan day). A share of 0 still draws one a day; 100 draws all.
 */
export function drawForQualityReview(percent: number, sampledToday: boolean, random: () => number): boolean {
  if (!sampledToday) return true;
  return random() * 100 < percent;
}

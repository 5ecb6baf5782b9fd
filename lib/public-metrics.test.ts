import { describe, expect, it } from "vitest";
import {
  suppressedUrgency,
  withoutDifferencing,
  type PublicFigures,
  type PublicUrgencyFigures,
} from "./public-metrics";

const shown = (urgency: "standard" | "expedited", decided: number, approvedPercent: number): PublicUrgencyFigures => ({
  urgency,
  suppressed: false,
  reason: null,
  requestsDecided: decided,
  approvedPercent,
  deniedPercent: 100 - approvedPercent,
  approvedAfterAppealPercent: 0,
  approvedAfterExtensionPercent: 0,
  averageHoursToDecision: 40,
  medianHoursToDecision: 36,
  automatedApprovals: 0,
});
const figures = (standard: PublicUrgencyFigures, expedited: PublicUrgencyFigures): PublicFigures => ({
  year: 2025,
  policy: "PHARMACY 339.7",
  policyTitle: "Implanted Spinal Drug Delivery Systems",
  period: { from: "2025-01-01", to: "2025-12-31", timeZone: "America/New_York" },
  minimumGroupSize: 11,
  services: [],
  standard,
  expedited,
});

describe("a new version cannot single out fewer requests than the minimum", () => {
  const v1 = figures(shown("standard", 40, 90), suppressedUrgency("expedited", "Not shown: fewer than 11 requests"));

  it("hides a shown group whose figures changed by fewer decided requests than the minimum", () => {
    const next = withoutDifferencing(
      figures(shown("standard", 41, 87.8), shown("expedited", 12, 100)),
      [{ version: 1, figures: v1 }],
      11,
    );
    expect(next.standard).toMatchObject({ suppressed: true, requestsDecided: null, approvedPercent: null });
    expect(next.standard.reason).toMatch(/fewer than 11 requests changed since version 1/);
    // Hidden before: nothing to subtract from, shown now.
    expect(next.expedited).toMatchObject({ suppressed: false, requestsDecided: 12 });
  });

  it("hides a changed outcome even when the count is the same", () => {
    const next = withoutDifferencing(
      figures(shown("standard", 40, 87.5), v1.expedited),
      [{ version: 1, figures: v1 }],
      11,
    );
    expect(next.standard.suppressed).toBe(true);
  });

  it("shows a group unchanged, or changed by at least the minimum, against every earlier version", () => {
    expect(withoutDifferencing(v1, [{ version: 1, figures: v1 }], 11).standard.suppressed).toBe(false);
    const v2 = figures(shown("standard", 51, 90.2), v1.expedited);
    expect(withoutDifferencing(v2, [{ version: 1, figures: v1 }], 11).standard).toMatchObject({
      suppressed: false,
      requestsDecided: 51,
    });
    // 51 is 11 more than version 1 but only 5 more than a version 2 of 46: hidden.
    const v2b = figures(shown("standard", 46, 89.1), v1.expedited);
    const v3 = withoutDifferencing(
      v2,
      [
        { version: 2, figures: v2b },
        { version: 1, figures: v1 },
      ],
      11,
    );
    expect(v3.standard.reason).toMatch(/since version 2/);
  });
});

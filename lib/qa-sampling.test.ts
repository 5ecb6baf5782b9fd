import { describe, expect, it } from "vitest";
import { seededRandom } from "./policy/fixtures";
import { drawForQualityReview } from "./qa-sampling";

describe("drawing automated approvals for quality review", () => {
  it("draws the plan's share within tolerance over 1,000 approvals (seeded)", () => {
    for (const percent of [5, 10, 25]) {
      const random = seededRandom(percent * 7919);
      let drawn = 0;
      for (let i = 0; i < 1000; i++) if (drawForQualityReview(percent, true, random)) drawn++;
      // Binomial(1000, p): 4 standard deviations either side.
      const sd = Math.sqrt(1000 * (percent / 100) * (1 - percent / 100));
      expect(Math.abs(drawn - percent * 10), `${percent}%: ${drawn}`).toBeLessThan(4 * sd);
    }
  });

  it("draws the first approval of a day whatever the share, and none at 0% after it", () => {
    const never = () => 0.999999;
    expect(drawForQualityReview(0, false, never)).toBe(true);
    expect(drawForQualityReview(0, true, () => 0)).toBe(false);
    expect(drawForQualityReview(100, true, never)).toBe(true);
  });

  it("draws at exactly the boundary: below the share is drawn, at it is not", () => {
    expect(drawForQualityReview(10, true, () => 0.0999)).toBe(true);
    expect(drawForQualityReview(10, true, () => 0.1)).toBe(false);
  });

  it("repeats a seeded sequence exactly, and stays in [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const values = Array.from({ length: 100 }, () => a());
    expect(values).toEqual(Array.from({ length: 100 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBe(100);
  });
});

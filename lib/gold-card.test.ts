import { describe, expect, it } from "vitest";
import { goldCardDecision } from "./gold-card";

const rule = { minimumDecided: 30, thresholdPercent: 90 };

describe("goldCardDecision", () => {
  it("earns the card at exactly the threshold with exactly the minimum", () => {
    expect(goldCardDecision({ decided: 30, approved: 27 }, rule)).toEqual({
      eligible: true,
      approvalRate: 90,
      reasons: [],
    });
  });

  it("does not earn it one approval below the threshold", () => {
    expect(goldCardDecision({ decided: 30, approved: 26 }, rule)).toEqual({
      eligible: false,
      approvalRate: 86.6,
      reasons: ["rate_below_threshold"],
    });
  });

  it("does not earn it with one decided request fewer than the minimum, even at 100 %", () => {
    expect(goldCardDecision({ decided: 29, approved: 29 }, rule)).toEqual({
      eligible: false,
      approvalRate: 100,
      reasons: ["too_few_decided"],
    });
  });

  it("names both shortfalls, and none decided is no rate at all", () => {
    expect(goldCardDecision({ decided: 0, approved: 0 }, rule)).toEqual({
      eligible: false,
      approvalRate: null,
      reasons: ["too_few_decided", "rate_below_threshold"],
    });
    expect(goldCardDecision({ decided: 10, approved: 1 }, rule).reasons).toEqual([
      "too_few_decided",
      "rate_below_threshold",
    ]);
  });

  it("uses integer arithmetic: thresholds whose share is not exact in binary floats", () => {
    // 57 of 100 at 57 %: 0.57 * 100 is 56.99999999999999 in floats; 57 * 100 >= 57 * 100 is exact.
    expect(goldCardDecision({ decided: 100, approved: 57 }, { minimumDecided: 1, thresholdPercent: 57 }).eligible).toBe(
      true,
    );
    // 29 of 100 at 29 %: 0.29 * 100 is 28.999999999999996 in floats.
    expect(goldCardDecision({ decided: 100, approved: 29 }, { minimumDecided: 1, thresholdPercent: 29 }).eligible).toBe(
      true,
    );
    expect(goldCardDecision({ decided: 100, approved: 28 }, { minimumDecided: 1, thresholdPercent: 29 }).eligible).toBe(
      false,
    );
    // Large counts stay exact.
    expect(
      goldCardDecision({ decided: 1_000_001, approved: 900_001 }, { minimumDecided: 30, thresholdPercent: 90 })
        .eligible,
    ).toBe(true);
    expect(
      goldCardDecision({ decided: 1_000_001, approved: 900_000 }, { minimumDecided: 30, thresholdPercent: 90 })
        .eligible,
    ).toBe(false);
  });

  it("a threshold of 100 needs every request approved; 0 needs only the minimum", () => {
    expect(
      goldCardDecision({ decided: 30, approved: 30 }, { minimumDecided: 30, thresholdPercent: 100 }).eligible,
    ).toBe(true);
    expect(
      goldCardDecision({ decided: 30, approved: 29 }, { minimumDecided: 30, thresholdPercent: 100 }).eligible,
    ).toBe(false);
    expect(goldCardDecision({ decided: 30, approved: 0 }, { minimumDecided: 30, thresholdPercent: 0 }).eligible).toBe(
      true,
    );
  });

  it("refuses counts that cannot be", () => {
    expect(() => goldCardDecision({ decided: 3, approved: 4 }, rule)).toThrow(RangeError);
    expect(() => goldCardDecision({ decided: -1, approved: 0 }, rule)).toThrow(RangeError);
    expect(() => goldCardDecision({ decided: 2.5, approved: 1 }, rule)).toThrow(RangeError);
  });
});

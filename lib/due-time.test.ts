import { describe, expect, it } from "vitest";
import { computeDueAt, describeTimeLeft } from "./due-time";

describe("due time", () => {
  it("expedited: exactly 72 hours, whatever the clocks do", () => {
    const submitted = new Date("2026-03-07T15:00:00Z"); // DST starts 2026-03-08 in New York
    expect(computeDueAt(submitted, "expedited").toISOString()).toBe("2026-03-10T15:00:00.000Z");
  });

  it("standard: seven calendar days on the plan's clock across the spring change (167 hours)", () => {
    const submitted = new Date("2026-03-05T15:00:00Z"); // 10:00 EST
    const due = computeDueAt(submitted, "standard");
    expect(due.toISOString()).toBe("2026-03-12T14:00:00.000Z"); // 10:00 EDT
    expect((due.getTime() - submitted.getTime()) / 3600_000).toBe(167);
  });

  it("standard: across the autumn change (169 hours)", () => {
    const submitted = new Date("2026-10-29T14:00:00Z"); // 10:00 EDT; DST ends 2026-11-01
    const due = computeDueAt(submitted, "standard");
    expect(due.toISOString()).toBe("2026-11-05T15:00:00.000Z"); // 10:00 EST
    expect((due.getTime() - submitted.getTime()) / 3600_000).toBe(169);
  });

  it("standard without a clock change is 168 hours", () => {
    const submitted = new Date("2026-06-01T12:34:56.789Z");
    expect(computeDueAt(submitted, "standard").getTime() - submitted.getTime()).toBe(168 * 3600_000);
  });

  it("describes time left and overdue in plain words", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    expect(describeTimeLeft(new Date("2026-06-03T04:00:00Z"), now)).toEqual({
      text: "2 days 4 hours left",
      overdue: false,
    });
    expect(describeTimeLeft(new Date("2026-05-31T19:00:00Z"), now)).toEqual({ text: "5 hours overdue", overdue: true });
  });
});

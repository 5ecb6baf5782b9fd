import { describe, expect, it } from "vitest";
import { addMonths, ageOn, dateKey, dayNumber, daysBetween, durationBetween, formatDuration, isIsoDate, spansMonths } from "./dates";

describe("dates", () => {
  it("accepts only real dates written YYYY-MM-DD", () => {
    for (const ok of ["2025-01-15", "2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01"]) expect(isIsoDate(ok), ok).toBe(true);
    for (const bad of ["2025-02-30", "2023-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "2025-1-5", "2025/01/05", "20250105", "2025-01-05T00:00", "0000-01-01", "", " 2025-01-05", 20250105, null])
      expect(isIsoDate(bad), String(bad)).toBe(false);
    expect(dateKey("2025-07-15")).toBe(20250715);
  });

  it("counts days without time zones", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(dayNumber("2000-03-01")).toBe(11017);
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2025-02-28", "2025-03-01")).toBe(1);
    expect(daysBetween("2025-03-30", "2025-03-31")).toBe(1); // across a European DST change: still one day
  });

  it("adds calendar months, clamping to the end of a shorter month", () => {
    expect(addMonths("2025-01-15", 6)).toBe("2025-07-15");
    // The documented month-end choice: clamp to the last day of the target month.
    expect(addMonths("2025-08-31", 6)).toBe("2026-02-28");
    expect(addMonths("2023-08-31", 6)).toBe("2024-02-29");
    expect(addMonths("2025-03-31", 1)).toBe("2025-04-30");
    expect(addMonths("2025-12-15", 1)).toBe("2026-01-15");
    expect(addMonths("2025-03-15", -3)).toBe("2024-12-15");
  });

  it("decides six calendar months: to the same day counts, one day short does not", () => {
    expect(spansMonths("2025-01-15", "2025-07-15", 6)).toBe(true);
    expect(spansMonths("2025-01-15", "2025-07-14", 6)).toBe(false);
    expect(spansMonths("2025-08-31", "2026-02-28", 6)).toBe(true);
    expect(spansMonths("2025-08-31", "2026-02-27", 6)).toBe(false);
    expect(spansMonths("2025-01-15", "2025-01-15", 0)).toBe(true);
  });

  it("counts whole years of age; the birthday itself counts", () => {
    expect(ageOn("2008-03-16", "2026-03-16")).toBe(18);
    expect(ageOn("2008-03-17", "2026-03-16")).toBe(17);
    expect(ageOn("1968-04-12", "2026-03-16")).toBe(57);
    expect(ageOn("2026-03-16", "2026-03-16")).toBe(0);
    // Born on 29 February: a year older on 1 March in common years.
    expect(ageOn("2008-02-29", "2026-02-28")).toBe(17);
    expect(ageOn("2008-02-29", "2026-03-01")).toBe(18);
    expect(ageOn("2008-02-29", "2028-02-29")).toBe(20);
  });

  it("measures a duration as months then days", () => {
    expect(durationBetween("2025-01-10", "2025-05-12")).toEqual({ months: 4, days: 2 });
    expect(durationBetween("2025-01-10", "2025-08-01")).toEqual({ months: 6, days: 22 });
    expect(durationBetween("2025-01-15", "2025-07-14")).toEqual({ months: 5, days: 29 });
    expect(durationBetween("2025-01-15", "2025-07-15")).toEqual({ months: 6, days: 0 });
    expect(durationBetween("2025-08-31", "2026-02-28")).toEqual({ months: 6, days: 0 });
    expect(durationBetween("2025-01-31", "2025-03-01")).toEqual({ months: 1, days: 1 });
    expect(durationBetween("2025-03-01", "2025-03-01")).toEqual({ months: 0, days: 0 });
    expect(durationBetween("2025-03-05", "2025-03-01")).toEqual({ months: 0, days: 0 });
  });

  it("writes durations in words", () => {
    expect(formatDuration({ months: 4, days: 2 })).toBe("4 months 2 days");
    expect(formatDuration({ months: 1, days: 1 })).toBe("1 month 1 day");
    expect(formatDuration({ months: 6, days: 0 })).toBe("6 months");
    expect(formatDuration({ months: 0, days: 12 })).toBe("12 days");
    expect(formatDuration({ months: 0, days: 0 })).toBe("0 days");
  });
});

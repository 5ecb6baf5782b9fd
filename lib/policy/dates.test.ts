import { describe, expect, it } from "vitest";
import {
  addMonths,
  ageOn,
  dateKey,
  dayNumber,
  daysBetween,
  daysInMonth,
  durationBetween,
  formatDuration,
  isIsoDate,
  isLeapYear,
  spansMonths,
} from "./dates";

describe("dates", () => {
  it("accepts only real dates written YYYY-MM-DD", () => {
    for (const ok of ["2025-01-15", "2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01"])
      expect(isIsoDate(ok), ok).toBe(true);
    for (const bad of [
      "2025-02-30",
      "2023-02-29",
      "1900-02-29",
      "2025-13-01",
      "2025-00-10",
      "2025-04-31",
      "2025-1-5",
      "2025/01/05",
      "20250105",
      "2025-01-05T00:00",
      "0000-01-01",
      "",
      " 2025-01-05",
      20250105,
      null,
    ])
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

  it("knows the Gregorian leap years and the length of every month", () => {
    for (const leap of [2024, 2000, 2400, 1996, 4]) expect(isLeapYear(leap), String(leap)).toBe(true);
    for (const common of [2025, 2023, 1900, 2100, 2200, 1]) expect(isLeapYear(common), String(common)).toBe(false);
    expect(Array.from({ length: 12 }, (_, i) => daysInMonth(2025, i + 1))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(Array.from({ length: 12 }, (_, i) => daysInMonth(2024, i + 1))).toEqual([
      31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it("rejects a date whose day is 00, a separator out of place, or a non-digit next to the digits", () => {
    for (const bad of [
      "2025-01-00",
      "2025-01/05",
      "2025/01-05",
      "2025-01-1:",
      "2025-01-/5",
      "202:-01-15",
      "2025-0:-15",
      "2025-01-150",
      "2025-01-5",
    ])
      expect(isIsoDate(bad), bad).toBe(false);
    // Characters just below "0" in the character table ("." "," "+") are not digits either; read as
    // negative digits they would turn these into 2025-01-08, 2016-01-15 and 2025-08-15.
    for (const bad of ["2025-01-1.", "202,-01-15", "2025-1.-15", "2025-01-2+"]) {
      expect(isIsoDate(bad), bad).toBe(false);
      expect(dateKey(bad), bad).toBe(-1);
    }
    for (const ok of ["2025-10-19", "9999-12-31", "2025-09-30", "2025-11-30"]) expect(isIsoDate(ok), ok).toBe(true);
    expect(dateKey("2025-01-00")).toBe(-1);
    expect(dateKey("0001-01-01")).toBe(10101);
  });

  it("counts days like the proleptic Gregorian calendar of Date.UTC, over four centuries and at every month end", () => {
    const utcDays = (y: number, m: number, d: number) => {
      const t = new Date(0);
      t.setUTCFullYear(y, m - 1, d);
      return Math.round(t.getTime() / 86_400_000);
    };
    const pad = (n: number, w = 2) => String(n).padStart(w, "0");
    for (const year of [
      1, 4, 99, 100, 399, 400, 1582, 1600, 1899, 1900, 1969, 1970, 1999, 2000, 2023, 2024, 2100, 2399, 2400, 9999,
    ])
      for (let month = 1; month <= 12; month++)
        for (const day of [1, 15, daysInMonth(year, month)]) {
          const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
          expect(dayNumber(date), date).toBe(utcDays(year, month, day));
        }
    expect(dayNumber("1969-12-31")).toBe(-1);
    expect(daysBetween("2024-03-01", "2024-02-28")).toBe(-2);
    expect(daysBetween("2023-01-01", "2024-01-01")).toBe(365);
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
  });

  it("adds months at month ends and leap days, across year ends and centuries", () => {
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2024-02-29", 48)).toBe("2028-02-29");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2099-08-31", 6)).toBe("2100-02-28"); // 2100 is not a leap year
    expect(addMonths("1999-08-31", 6)).toBe("2000-02-29"); // 2000 is
    expect(addMonths("2024-03-31", -1)).toBe("2024-02-29");
    expect(addMonths("2025-01-31", -2)).toBe("2024-11-30");
    expect(addMonths("2025-05-31", -12)).toBe("2024-05-31");
    expect(addMonths("2025-12-31", 2)).toBe("2026-02-28");
    expect(addMonths("2025-11-30", 1)).toBe("2025-12-30");
    expect(addMonths("2025-01-15", 0)).toBe("2025-01-15");
    // Two-digit months and days, and years below 1000, keep the YYYY-MM-DD form.
    expect(addMonths("2025-04-10", 6)).toBe("2025-10-10");
    expect(addMonths("2025-08-09", 1)).toBe("2025-09-09");
    expect(addMonths("0001-01-31", 1)).toBe("0001-02-28");
    expect(addMonths("0999-12-05", 1)).toBe("1000-01-05");
    expect(addMonths("0010-06-30", 1)).toBe("0010-07-30");
  });

  it("decides six calendar months at month ends and leap days", () => {
    expect(spansMonths("2023-08-31", "2024-02-29", 6)).toBe(true);
    expect(spansMonths("2023-08-31", "2024-02-28", 6)).toBe(false);
    expect(spansMonths("2024-02-29", "2024-08-29", 6)).toBe(true);
    expect(spansMonths("2024-02-29", "2024-08-28", 6)).toBe(false);
    expect(spansMonths("2024-08-31", "2025-02-28", 6)).toBe(true);
    expect(spansMonths("2025-07-31", "2026-01-31", 6)).toBe(true);
    expect(spansMonths("2025-07-31", "2026-01-30", 6)).toBe(false);
  });

  it("measures durations at month ends, leap days and across years", () => {
    expect(durationBetween("2024-01-31", "2024-02-29")).toEqual({ months: 1, days: 0 });
    expect(durationBetween("2024-01-31", "2024-02-28")).toEqual({ months: 0, days: 28 });
    expect(durationBetween("2023-12-31", "2024-03-01")).toEqual({ months: 2, days: 1 });
    expect(durationBetween("2024-11-15", "2025-02-10")).toEqual({ months: 2, days: 26 });
    expect(durationBetween("2024-02-29", "2025-02-28")).toEqual({ months: 12, days: 0 });
    expect(durationBetween("2025-03-01", "2025-03-02")).toEqual({ months: 0, days: 1 });
    expect(durationBetween("2025-01-10", "2027-01-09")).toEqual({ months: 23, days: 30 });
  });

  it("counts age across a year end: a birthday later in the year not yet reached", () => {
    expect(ageOn("2000-12-31", "2001-01-01")).toBe(0);
    expect(ageOn("2000-12-31", "2001-12-31")).toBe(1);
    expect(ageOn("2000-01-01", "2000-12-31")).toBe(0);
    expect(ageOn("2004-02-29", "2022-02-28")).toBe(17);
  });
});

// Calendar arithmetic on `YYYY-MM-DD` strings: no time zones, no Date objects.
//
// A date is a day of the proleptic Gregorian calendar. The functions take strings that
// `isIsoDate` accepts (the request schema guarantees that); they do not re-validate.
//
// Month-end choice: adding calendar months keeps the day of the month and clamps it to the
// last day of the target month when that month is shorter (the rule of java.time's
// `plusMonths` and date-fns's `addMonths`):
//   2025-01-15 + 6 months = 2025-07-15
//   2025-08-31 + 6 months = 2026-02-28   (February 2026 has 28 days)
//   2023-08-31 + 6 months = 2024-02-29   (leap year)
// So "at least six calendar months from 2025-08-31" is reached on 2026-02-28.
//
// Birthdays: a member born on 29 February becomes a year older on 1 March in common years
// (age counts whole years: the birthday must have been reached as month-and-day).

/** Days in each month of a common year, January first. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * `YYYY-MM-DD` as the integer YYYYMMDD, or -1 when the string is not a real date in that form
 * (wrong shape, month 13, 2025-02-30, year 0000). Integers compare like the dates they encode.
 */
export function dateKey(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  let key = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const d = digit(s, i);
    if (d === -1) return -1;
    key = key * 10 + d;
  }
  const year = Math.floor(key / 10000);
  const month = Math.floor(key / 100) % 100;
  const day = key % 100;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  return key;
}

/** True for a string that is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  return typeof value === "string" && dateKey(value) !== -1;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function fromParts(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

/** Days since 1970-01-01 (negative before), for a YYYYMMDD key. (H. Hinnant's days_from_civil.) */
function dayNumberOfKey(key: number): number {
  let y = Math.floor(key / 10000);
  const m = Math.floor(key / 100) % 100;
  const d = key % 100;
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days since 1970-01-01 for a valid `YYYY-MM-DD`. */
export function dayNumber(date: string): number {
  return dayNumberOfKey(dateKey(date));
}

/** Whole days from `start` to `end` (negative when end is earlier). */
export function daysBetween(start: string, end: string): number {
  return dayNumber(end) - dayNumber(start);
}

/** YYYYMMDD key of `key` plus `months` calendar months, the day clamped to the month's end. */
function addMonthsToKey(key: number, months: number): number {
  const year = Math.floor(key / 10000);
  const month = Math.floor(key / 100) % 100;
  const day = key % 100;
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return y * 10000 + m * 100 + Math.min(day, daysInMonth(y, m));
}

/** `date` plus `months` calendar months (negative to go back), clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const key = addMonthsToKey(dateKey(date), months);
  return fromParts(Math.floor(key / 10000), Math.floor(key / 100) % 100, key % 100);
}

/** True when `end` is at least `months` calendar months after `start` (start + months <= end). */
export function spansMonths(start: string, end: string, months: number): boolean {
  return addMonthsToKey(dateKey(start), months) <= dateKey(end);
}

/** Whole years of age on `on` for someone born on `dateOfBirth`; the birthday itself counts. */
export function ageOn(dateOfBirth: string, on: string): number {
  const born = dateKey(dateOfBirth);
  const at = dateKey(on);
  const years = Math.floor(at / 10000) - Math.floor(born / 10000);
  return at % 10000 < born % 10000 ? years - 1 : years;
}

export interface CalendarDuration {
  months: number;
  days: number;
}

/**
 * The calendar duration from `start` to `end`: the most whole months M with start + M months
 * <= end, then the remaining days. 2025-01-10 to 2025-05-12 is 4 months 2 days. An `end` before
 * `start` gives 0 months 0 days.
 */
export function durationBetween(start: string, end: string): CalendarDuration {
  const s = dateKey(start);
  const e = dateKey(end);
  // Stryker disable next-line EqualityOperator: for end == start the general path below also gives 0 months 0 days.
  if (e <= s) return { months: 0, days: 0 };
  let months =
    (Math.floor(e / 10000) - Math.floor(s / 10000)) * 12 + (Math.floor(e / 100) % 100) - (Math.floor(s / 100) % 100);
  let base = addMonthsToKey(s, months);
  if (base > e) {
    months -= 1;
    base = addMonthsToKey(s, months);
  }
  return { months, days: dayNumberOfKey(e) - dayNumberOfKey(base) };
}

/** "6 months 22 days", "1 month", "12 days", "0 days". */
export function formatDuration({ months, days }: CalendarDuration): string {
  const m = months === 1 ? "1 month" : `${months} months`;
  const d = days === 1 ? "1 day" : `${days} days`;
  if (months === 0) return d;
  return days === 0 ? m : `${m} ${d}`;
}

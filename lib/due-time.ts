/**
 * Review due times (PRODUCT.md): 72 hours after submission for expedited requests, 7 calendar
 * days for standard ones. Calendar days are counted on the plan's wall clock, so a standard
 * request submitted at 10:00 is due at 10:00 seven days later even across a daylight-saving
 * change (167 or 169 elapsed hours). The clock does not stop while information is pending.
 */
import { PLAN_TIME_ZONE } from "./domain";

export type Urgency = "standard" | "expedited";

export function computeDueAt(submittedAt: Date, urgency: Urgency, timeZone = PLAN_TIME_ZONE): Date {
  if (urgency === "expedited") return new Date(submittedAt.getTime() + 72 * 3600_000);
  return addCalendarDaysInZone(submittedAt, 7, timeZone);
}

/** The instant with the same wall-clock time `days` calendar days later in `timeZone`. */
function addCalendarDaysInZone(instant: Date, days: number, timeZone: string): Date {
  const wall = wallClock(instant, timeZone);
  const targetWallAsUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day + days,
    wall.hour,
    wall.minute,
    wall.second,
    instant.getUTCMilliseconds(),
  );
  // Find the instant whose wall clock in the zone equals the target (offset may differ from now's).
  let guess = targetWallAsUtc - offsetMs(new Date(targetWallAsUtc), timeZone);
  const corrected = targetWallAsUtc - offsetMs(new Date(guess), timeZone);
  if (corrected !== guess) guess = corrected;
  return new Date(guess);
}

/** The instant the calendar day containing `instant` began in `timeZone` (its local midnight). */
export function startOfDayInZone(instant: Date, timeZone: string): Date {
  const wall = wallClock(instant, timeZone);
  const midnightAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day);
  let guess = midnightAsUtc - offsetMs(new Date(midnightAsUtc), timeZone);
  const corrected = midnightAsUtc - offsetMs(new Date(guess), timeZone);
  if (corrected !== guess) guess = corrected;
  return new Date(guess);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: +parts.year!,
    month: +parts.month!,
    day: +parts.day!,
    hour: +parts.hour!,
    minute: +parts.minute!,
    second: +parts.second!,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (New York in winter: -5 h). */
function offsetMs(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** "2 days 4 hours left", "5 hours overdue": plain words for the queue. */
export function describeTimeLeft(dueAt: Date, now: Date = new Date()): { text: string; overdue: boolean } {
  const ms = dueAt.getTime() - now.getTime();
  const overdue = ms < 0;
  const totalMinutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const parts = days
    ? [`${days} day${days === 1 ? "" : "s"}`, hours ? `${hours} hour${hours === 1 ? "" : "s"}` : ""]
    : hours
      ? [`${hours} hour${hours === 1 ? "" : "s"}`, minutes ? `${minutes} min` : ""]
      : [`${minutes} min`];
  const span = parts.filter(Boolean).join(" ");
  return { text: overdue ? `${span} overdue` : `${span} left`, overdue };
}

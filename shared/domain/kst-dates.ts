/**
 * Calendar arithmetic in Korea Standard Time (UTC+9, no daylight saving). Periods that end on a
 * date (next inspection, corrective period, objection window) end at the end of that KST day;
 * adding months clamps to the month's last day (31 January + 1 month = 28/29 February).
 */
const KST_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/** The instant the KST day holding `at` ends (the next KST midnight). */
export function endOfKstDay(at: Date): Date {
  const local = at.getTime() + KST_MS;
  return new Date(Math.floor(local / DAY_MS) * DAY_MS + DAY_MS - KST_MS);
}

/** `months` calendar months after `at` in KST, the day clamped to the target month's length. */
export function addKstMonths(at: Date, months: number): Date {
  const local = new Date(at.getTime() + KST_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    y,
    m,
    Math.min(local.getUTCDate(), lastDay),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return new Date(shifted - KST_MS);
}

export function addDaysMs(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** The end of the KST day `months` after `at` (a due date). */
export function dueAfterMonths(at: Date | string, months: number): string {
  return endOfKstDay(addKstMonths(new Date(at), months)).toISOString();
}

/** The end of the KST day `days` after `at` (a period's last day). */
export function dueAfterDays(at: Date | string, days: number): string {
  return endOfKstDay(addDaysMs(new Date(at), days)).toISOString();
}

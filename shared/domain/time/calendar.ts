/**
 * Calendar arithmetic on the Korean calendar. Korea keeps UTC+9 all year (no daylight saving), so a
 * KST wall time is the UTC instant shifted by nine hours. Periods that end "on a date" (certificate
 * validity, re-application bars, supplement deadlines, inspection due dates) end at the end of that
 * KST day, i.e. 00:00 KST of the next day; adding months clamps to the month's last day
 * (31 January + 1 month = 28 or 29 February).
 */
const KST_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/** `months` calendar months after `from` in KST (negative: before), clamped to the month's last day. */
export function addMonths(from: Date, months: number): Date {
  const kst = new Date(from.getTime() + KST_OFFSET_MS);
  const year = kst.getUTCFullYear();
  const month = kst.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(kst.getUTCDate(), lastDay);
  const shifted = Date.UTC(
    year,
    month,
    day,
    kst.getUTCHours(),
    kst.getUTCMinutes(),
    kst.getUTCSeconds(),
    kst.getUTCMilliseconds(),
  );
  return new Date(shifted - KST_OFFSET_MS);
}

/** Exactly `days` × 24 h later (KST has no daylight saving, so this is also calendar days). */
export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** The end of the KST day holding `at`: 00:00 KST of the next day, as an instant. */
export function endOfKstDay(at: Date): Date {
  const kstMidnight = Math.floor((at.getTime() + KST_OFFSET_MS) / DAY_MS) * DAY_MS;
  return new Date(kstMidnight + DAY_MS - KST_OFFSET_MS);
}

/** A period of `months` from `from` that ends at the end of its last KST day (validity, bars, due dates). */
export function monthsEndingOnDate(from: Date, months: number): Date {
  return endOfKstDay(addMonths(from, months));
}

/** A period of `days` from `from` that ends at the end of its last KST day (supplement deadlines). */
export function daysEndingOnDate(from: Date, days: number): Date {
  return endOfKstDay(addDays(from, days));
}

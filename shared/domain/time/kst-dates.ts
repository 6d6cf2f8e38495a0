import { addDays, addMonths, daysEndingOnDate, monthsEndingOnDate } from './calendar.js';

/**
 * The KST calendar (time/calendar.ts) in the ISO-string form lifecycle records store: a due date
 * `months` or `days` on ends at the end of that KST day; months clamp to the month's last day.
 */
export function dueAfterMonths(at: Date | string, months: number): string {
  return monthsEndingOnDate(new Date(at), months).toISOString();
}

export function dueAfterDays(at: Date | string, days: number): string {
  return daysEndingOnDate(new Date(at), days).toISOString();
}

export { addDays as addDaysMs, addMonths as addKstMonths };

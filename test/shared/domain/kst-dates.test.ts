import { describe, expect, it } from 'vitest';
import { addKstMonths, dueAfterDays, dueAfterMonths, endOfKstDay } from '../../../shared/domain/kst-dates.js';

describe('KST calendar arithmetic', () => {
  it('ends a KST day at the next KST midnight (15:00Z)', () => {
    expect(endOfKstDay(new Date('2026-03-02T00:00:00Z')).toISOString()).toBe('2026-03-02T15:00:00.000Z');
    expect(endOfKstDay(new Date('2026-03-02T14:59:59.999Z')).toISOString()).toBe('2026-03-02T15:00:00.000Z');
    // 00:00 KST on the 3rd is the start of the 3rd, which ends at 15:00Z on the 3rd.
    expect(endOfKstDay(new Date('2026-03-02T15:00:00Z')).toISOString()).toBe('2026-03-03T15:00:00.000Z');
  });

  it('adds months in KST and clamps to the last day of a shorter month', () => {
    // 31 January 10:00 KST + 1 month = 28 February 10:00 KST (2027 is no leap year).
    expect(addKstMonths(new Date('2027-01-31T01:00:00Z'), 1).toISOString()).toBe('2027-02-28T01:00:00.000Z');
    expect(addKstMonths(new Date('2028-01-31T01:00:00Z'), 1).toISOString()).toBe('2028-02-29T01:00:00.000Z');
    // 31 January 08:00 KST is still 30 January in UTC: the KST date is the one that counts.
    expect(addKstMonths(new Date('2027-01-30T23:00:00Z'), 1).toISOString()).toBe('2027-02-27T23:00:00.000Z');
  });

  it('a due date 12 months on ends at the end of that KST day', () => {
    expect(dueAfterMonths('2026-03-02T00:00:00Z', 12)).toBe('2027-03-02T15:00:00.000Z');
    // 29 February + 12 months = 28 February.
    expect(dueAfterMonths('2028-02-29T03:00:00Z', 12)).toBe('2029-02-28T15:00:00.000Z');
  });

  it('a period of days ends at the end of its last KST day', () => {
    expect(dueAfterDays('2027-02-09T03:00:00Z', 30)).toBe('2027-03-11T15:00:00.000Z');
    // 23:30 KST on 9 February is still the 9th in KST.
    expect(dueAfterDays('2027-02-09T14:30:00Z', 30)).toBe('2027-03-11T15:00:00.000Z');
  });
});

import { describe, expect, it } from 'vitest';
import { dueAfterDays, dueAfterMonths } from '../../../../shared/domain/time/kst-dates.js';

describe('lifecycle due dates on the KST calendar', () => {
  it('a due date 12 months on ends at the end of that KST day', () => {
    expect(dueAfterMonths('2026-03-02T00:00:00Z', 12)).toBe('2027-03-02T15:00:00.000Z');
    // 29 February + 12 months = 28 February.
    expect(dueAfterMonths('2028-02-29T03:00:00Z', 12)).toBe('2029-02-28T15:00:00.000Z');
  });

  it('a period of days ends at the end of its last KST day', () => {
    expect(dueAfterDays('2027-02-09T03:00:00Z', 30)).toBe('2027-03-11T15:00:00.000Z');
    // 23:30 KST on 9 February is still the 9th in KST.
    expect(dueAfterDays('2027-02-09T14:30:00Z', 30)).toBe('2027-03-11T15:00:00.000Z');
    // 00:30 KST on 10 February is the 10th.
    expect(dueAfterDays('2027-02-09T15:30:00Z', 30)).toBe('2027-03-12T15:00:00.000Z');
  });
});

import { describe, expect, it } from 'vitest';
import {
  addMonths,
  daysEndingOnDate,
  endOfKstDay,
  monthsEndingOnDate,
} from '../../../../shared/domain/time/calendar.js';

const iso = (d: Date) => d.toISOString();

describe('KST calendar', () => {
  it('clamps 31 January + 1 month to the last day of February (leap and common years)', () => {
    // 2024-01-31 10:00 KST → 2024-02-29 10:00 KST; 2025 → 2025-02-28.
    expect(iso(addMonths(new Date('2024-01-31T01:00:00Z'), 1))).toBe('2024-02-29T01:00:00.000Z');
    expect(iso(addMonths(new Date('2025-01-31T01:00:00Z'), 1))).toBe('2025-02-28T01:00:00.000Z');
  });

  it('adds months on the KST date, not the UTC one', () => {
    // 2024-01-31T20:00Z is already 2024-02-01 05:00 KST: one month later is 2024-03-01 KST.
    expect(iso(addMonths(new Date('2024-01-31T20:00:00Z'), 1))).toBe('2024-02-29T20:00:00.000Z');
  });

  it('goes back in months with the same clamping', () => {
    expect(iso(addMonths(new Date('2025-03-31T03:00:00Z'), -1))).toBe('2025-02-28T03:00:00.000Z');
  });

  it('ends a KST day at 15:00:00Z: 14:59:59Z is still the same day, 15:00:00Z the next', () => {
    expect(iso(endOfKstDay(new Date('2024-11-30T14:59:59Z')))).toBe('2024-11-30T15:00:00.000Z');
    expect(iso(endOfKstDay(new Date('2024-11-30T15:00:00Z')))).toBe('2024-12-01T15:00:00.000Z');
    expect(iso(endOfKstDay(new Date('2024-11-29T15:00:00Z')))).toBe('2024-11-30T15:00:00.000Z');
  });

  it('ends a validity of 24 months at the end of the KST day it falls on', () => {
    // Issued 2025-01-31 09:30 KST: valid through 2027-01-31 KST, i.e. until 2027-01-31T15:00Z.
    expect(iso(monthsEndingOnDate(new Date('2025-01-31T00:30:00Z'), 24))).toBe('2027-01-31T15:00:00.000Z');
    // Issued 2025-01-31 KST, 1 month: through 2025-02-28 KST.
    expect(iso(monthsEndingOnDate(new Date('2025-01-31T00:30:00Z'), 1))).toBe('2025-02-28T15:00:00.000Z');
  });

  it('ends a supplement deadline of 14 days at the end of the KST day', () => {
    // Requested 2025-03-03 23:30 KST (14:30Z): due through 2025-03-17 KST.
    expect(iso(daysEndingOnDate(new Date('2025-03-03T14:30:00Z'), 14))).toBe('2025-03-17T15:00:00.000Z');
    // Requested at 00:10 KST on 2025-03-04 (15:10Z on the 3rd): through 2025-03-18 KST.
    expect(iso(daysEndingOnDate(new Date('2025-03-03T15:10:00Z'), 14))).toBe('2025-03-18T15:00:00.000Z');
  });
});

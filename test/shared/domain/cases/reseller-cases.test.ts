import { describe, expect, it } from 'vitest';
import { kstDaySlices, listResellerCases } from '../../../../shared/domain/cases/reseller-cases.js';
import { NotFoundError } from '../../../../shared/domain/core/errors.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { openCase } from '../../../support/fakes-sanctions.js';

const BRN = '2208162517';

describe('a reseller’s own cases', () => {
  it('splits a 24-hour window at the KST midnight into day slices of hour buckets', () => {
    expect(kstDaySlices('2026-03-01T10:00:00.000Z', '2026-03-02T09:30:00.000Z')).toEqual([
      { day: '2026-03-01', fromHour: '2026-03-01T10', toHour: '2026-03-01T14' },
      { day: '2026-03-02', fromHour: '2026-03-01T15', toHour: '2026-03-02T09' },
    ]);
  });

  it('shows counts by category, relay and day to its owner, and no reporter data or staff names', async () => {
    const deps = fakeDeps();
    openCase(deps.store, BRN);
    const page = await listResellerCases(deps, principals.reseller(BRN), BRN, { limit: 10 });
    expect(page.items).toHaveLength(1);
    const [c] = page.items;
    expect(c!.counts).toMatchObject({ byCategory: expect.any(Object), byRelay: expect.any(Object) });
    expect(c).not.toHaveProperty('decidedBy');
    expect(JSON.stringify(c)).not.toMatch(/senderNumber|reportId|contentDigest|firstSenderCode/);
  });

  it('answers 404 to another reseller', async () => {
    const deps = fakeDeps();
    openCase(deps.store, BRN);
    await expect(
      listResellerCases(deps, principals.reseller('1248100998'), BRN, { limit: 10 }),
    ).rejects.toThrow(NotFoundError);
  });
});

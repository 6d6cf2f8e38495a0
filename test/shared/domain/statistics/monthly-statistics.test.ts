import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/domain/core/errors.js';
import { attribute } from '../../../../shared/domain/spam/attribution.js';
import { monthlyStatistics } from '../../../../shared/domain/statistics/monthly-statistics.js';
import { fakeDeps } from '../../../support/fakes.js';
import { countStream } from '../../../support/fakes-spam.js';
import { spamReports } from '../../../support/spam-fixtures.js';

describe('monthly statistics', () => {
  it('sums the month in KST: by relay, by category, top resellers, unattributed', async () => {
    const deps = fakeDeps();
    const holders = new Map(
      Array.from({ length: 60 }, (_, i) => [`FS${i}`, `10000000${String(i).padStart(2, '0')}`]),
    );
    // Reseller i gets i+1 reports; the 15:00Z boundary puts the first batch in January (KST).
    const reports = Array.from({ length: 60 }, (_, i) =>
      spamReports(i + 1, () => ({ firstSenderCode: `FS${i}`, receivedAt: '2025-12-31T15:00:00Z' }), i * 100),
    ).flat();
    const unattributed = spamReports(
      7,
      () => ({
        firstSenderCode: undefined,
        relayId: 'skb',
        category: 'LOAN',
        receivedAt: '2026-01-20T00:00:00Z',
      }),
      9000,
    );
    const december = spamReports(5, () => ({ receivedAt: '2025-12-31T14:59:59Z' }), 9500);
    await deps.spamReports.record(
      [...reports, ...unattributed, ...december].map((r) => attribute(r, holders)),
    );
    await countStream(deps);
    deps.store.audit.push(
      { entity: 'reseller#1', at: '2026-01-10T00:00:00.000Z', actor: 'x', action: 'CERTIFICATE_ISSUED' },
      { entity: 'reseller#2', at: '2025-12-31T14:00:00.000Z', actor: 'x', action: 'CERTIFICATE_ISSUED' },
    );

    const stats = await monthlyStatistics(deps, '2026-01');
    expect(stats).toMatchObject({
      month: '2026-01',
      from: '2025-12-31T15:00:00.000Z',
      to: '2026-01-31T15:00:00.000Z',
      live: true,
      reports: 1830 + 7,
      reportsByRelay: [
        { relayId: 'kt', reports: 1830 },
        { relayId: 'skb', reports: 7 },
      ],
      reportsByCategory: [
        { category: 'GAMBLING', reports: 1830 },
        { category: 'LOAN', reports: 7 },
      ],
      unattributed: 7,
      certifications: 1,
      sanctions: 0,
    });
    expect(stats.topResellers).toHaveLength(50);
    expect(stats.topResellers[0]).toEqual({ brn: '1000000059', reports: 60 });
    expect(stats.topResellers.at(-1)).toEqual({ brn: '1000000010', reports: 11 });
    expect((await monthlyStatistics(deps, '2025-12')).reports).toBe(5);
  });

  it('defaults to the current month and refuses months that have not started', async () => {
    const deps = fakeDeps();
    expect(await monthlyStatistics(deps)).toMatchObject({ month: '2026-01', reports: 0, live: true });
    expect((await monthlyStatistics(deps, '2025-06')).live).toBe(false);
    await expect(monthlyStatistics(deps, '2026-02')).rejects.toBeInstanceOf(ValidationError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  aggregate,
  attribute,
  countersOf,
  hourBucket,
  kstMonth,
  kstMonthRange,
  windowBuckets,
} from '../../../../shared/domain/spam/attribution.js';
import { spamReportSchema } from '../../../../shared/schemas/spam.js';
import { spamReport, spamReports } from '../../../support/spam-fixtures.js';

const holders = new Map([
  ['FS1234', '2208162517'],
  ['FS9999', '1248100998'],
]);

describe('attribution', () => {
  it('traces a report to the reseller holding its first-sender code', () => {
    expect(attribute(spamReport(1), holders)).toMatchObject({ attribution: 'RESELLER', brn: '2208162517' });
  });

  it('matches codes case-insensitively because the schema upper-cases them', () => {
    const parsed = spamReportSchema.parse(spamReport(1, { firstSenderCode: 'fs9999' }));
    expect(attribute(parsed, holders)).toMatchObject({ attribution: 'RESELLER', brn: '1248100998' });
  });

  it('falls back to the relay when the code is unknown or absent (not attributed to a reseller)', () => {
    const unknown = attribute(spamReport(1, { firstSenderCode: 'NOPE' }), holders);
    expect(unknown).toMatchObject({ attribution: 'RELAY' });
    expect(unknown.brn).toBeUndefined();
    expect(attribute(spamReport(2, { firstSenderCode: undefined }), holders).attribution).toBe('RELAY');
  });

  it('keeps a report with neither a known code nor a relay as unattributed', () => {
    const r = attribute(spamReport(1, { firstSenderCode: undefined, relayId: undefined }), holders);
    expect(r).toMatchObject({ attribution: 'NONE' });
  });
});

describe('months and hours', () => {
  it('puts instants in KST months: the month starts at 15:00Z the day before', () => {
    expect(kstMonth('2024-12-31T14:59:59.999Z')).toBe('2024-12');
    expect(kstMonth('2024-12-31T15:00:00.000Z')).toBe('2025-01');
    expect(kstMonthRange('2025-01')).toEqual({
      from: '2024-12-31T15:00:00.000Z',
      to: '2025-01-31T15:00:00.000Z',
    });
    expect(kstMonthRange('2025-12')).toEqual({
      from: '2025-11-30T15:00:00.000Z',
      to: '2025-12-31T15:00:00.000Z',
    });
  });

  it('buckets by UTC hour and spans the case window over the last N hours, the current one included', () => {
    expect(hourBucket('2025-01-01T03:59:59Z')).toBe('2025-01-01T03');
    expect(windowBuckets(new Date('2025-01-02T03:20:00Z'), 24)).toEqual({
      from: '2025-01-01T04',
      to: '2025-01-02T03',
    });
  });
});

describe('counter aggregation', () => {
  const attributed = (i: number, over = {}) => attribute(spamReport(i, over), holders);

  it('names the counters a report increments: category, relay, reseller month and hour', () => {
    expect(countersOf(attributed(1)).map((c) => c.id)).toEqual([
      'month:2026-01:category:GAMBLING',
      'month:2026-01:relay:kt',
      'month:2026-01:reseller:2208162517',
      'hour:2026-01-15T00:reseller:2208162517',
    ]);
  });

  it('counts unattributed reports as such, and relay-only ones per relay too', () => {
    expect(
      countersOf(attributed(1, { firstSenderCode: 'NOPE', relayId: 'lguplus' })).map((c) => c.id),
    ).toEqual([
      'month:2026-01:category:GAMBLING',
      'month:2026-01:relay:lguplus',
      'month:2026-01:unattributed',
    ]);
  });

  it('aggregates a burst of 500 reports from one reseller into four increments', () => {
    const incs = aggregate(spamReports(500).map((r) => attribute(r, holders)));
    expect(incs).toHaveLength(4);
    expect(incs.every((i) => i.reports === 500)).toBe(true);
    const hour = incs.find((i) => i.scope === 'resellerHour');
    expect(hour).toMatchObject({ byCategory: { GAMBLING: 500 }, byRelay: { kt: 500 } });
  });

  it('aggregates mixed reports per reseller, relay, category and hour', () => {
    const reports = spamReports(30, (i) => ({
      firstSenderCode: i % 3 === 0 ? 'FS9999' : i % 3 === 1 ? 'FS1234' : 'UNKNOWN',
      relayId: i % 2 === 0 ? 'kt' : 'skb',
      category: i % 5 === 0 ? 'LOAN' : 'STOCK',
      receivedAt: i < 15 ? '2026-01-15T00:10:00Z' : '2026-01-15T01:10:00Z',
    })).map((r) => attribute(r, holders));
    const byId = new Map(aggregate(reports).map((i) => [i.id, i.reports]));
    expect(byId.get('month:2026-01:reseller:1248100998')).toBe(10);
    expect(byId.get('month:2026-01:reseller:2208162517')).toBe(10);
    expect(byId.get('month:2026-01:unattributed')).toBe(10);
    expect(byId.get('month:2026-01:relay:kt')).toBe(15);
    expect(byId.get('month:2026-01:category:LOAN')).toBe(6);
    expect(
      byId.get('hour:2026-01-15T00:reseller:2208162517')! +
        byId.get('hour:2026-01-15T01:reseller:2208162517')!,
    ).toBe(10);
    const total = [...byId].filter(([id]) => id.includes(':category:')).reduce((n, [, v]) => n + v, 0);
    expect(total).toBe(30);
  });
});

describe('spam report schema', () => {
  it('normalises sender numbers, codes and digests', () => {
    const r = spamReportSchema.parse(
      spamReport(1, {
        senderNumber: '02-1234-5678',
        firstSenderCode: 'fs-12',
        contentDigest: `sha256:${'A'.repeat(64)}`,
      }),
    );
    expect(r).toMatchObject({
      senderNumber: '0212345678',
      firstSenderCode: 'FS-12',
      contentDigest: `sha256:${'a'.repeat(64)}`,
    });
  });

  it('requires one of firstSenderCode, relayId or senderNumber', () => {
    const r = spamReportSchema.safeParse(
      spamReport(1, { firstSenderCode: undefined, relayId: undefined, senderNumber: undefined }),
    );
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['firstSenderCode'] });
  });
});

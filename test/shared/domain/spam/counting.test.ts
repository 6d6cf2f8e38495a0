import { describe, expect, it } from 'vitest';
import { attribute, countersOf } from '../../../../shared/domain/spam/attribution.js';
import {
  commitGroups,
  compareSequence,
  countSpamReports,
  type FirstWrite,
  MAX_COUNTERS_PER_COMMIT,
} from '../../../../shared/domain/spam/counting.js';
import {
  ingestSpamReports,
  type ReportMessage,
} from '../../../../shared/domain/spam/queued-report-attribution.js';
import { fakeDeps } from '../../../support/fakes.js';
import { countStream, spamState } from '../../../support/fakes-spam.js';
import { spamReports } from '../../../support/spam-fixtures.js';

const BRN = '2208162517';
const OTHER = '1248100998';

function setup() {
  const deps = fakeDeps();
  const state = spamState(deps.store);
  state.codes.set('FS1234', BRN);
  state.codes.set('FS9999', OTHER);
  return { deps, state };
}

const messages = (n: number, size: number, each = (_i: number) => ({})): ReportMessage[] =>
  Array.from({ length: n }, (_, m) => ({ id: `msg-${m}`, reports: spamReports(size, each, m * size) }));

describe('counting first-written spam reports', () => {
  it('orders stream sequence numbers numerically', () => {
    expect(compareSequence('99', '100')).toBeLessThan(0);
    expect(compareSequence('100', '100')).toBe(0);
    expect(compareSequence('101', '100')).toBeGreaterThan(0);
  });

  it('splits a run into consecutive groups whose counters fit one commit', () => {
    const holders = new Map(Array.from({ length: 60 }, (_, i) => [`C${i}`, `30000000${i}`]));
    const writes: FirstWrite[] = spamReports(600, (i) => ({ firstSenderCode: `C${i % 60}` })).map((r, i) => ({
      sequence: String(1000 + i),
      report: attribute(r, holders),
    }));
    const groups = commitGroups(writes);
    expect(groups.flat()).toEqual(writes);
    for (const g of groups) {
      const counters = new Set(g.flatMap((w) => countersOf(w.report).map((k) => k.id)));
      expect(counters.size).toBeLessThanOrEqual(MAX_COUNTERS_PER_COMMIT);
    }
    expect(groups.length).toBeGreaterThan(1);
  });

  it('counts each report once when every stream batch is delivered twice and every intake call is replayed', async () => {
    const { deps, state } = setup();
    const calls = [0, 1, 2].map((c) =>
      messages(2, 150, (i) => ({
        firstSenderCode: i % 3 ? 'FS1234' : 'FS9999',
        category: i % 2 ? 'STOCK' : 'LOAN',
        relayId: i % 4 ? 'kt' : 'skt',
      })).map((m) => ({ ...m, reports: m.reports.map((r) => ({ ...r, reportId: `${r.reportId}-${c}` })) })),
    );
    for (const call of calls) {
      await ingestSpamReports(deps, call);
      await countStream(deps, { batchSize: 70, deliveries: 2 });
      // The caller did not hear the answer and sends the same call again.
      await ingestSpamReports(deps, call);
      await countStream(deps, { batchSize: 70, deliveries: 2 });
    }
    const sent = calls.flat().flatMap((m) => m.reports);
    const tally = (key: (r: (typeof sent)[number]) => string) => {
      const out: Record<string, number> = {};
      for (const r of sent) out[key(r)] = (out[key(r)] ?? 0) + 1;
      return out;
    };
    const month = state.months.get('2026-01')!;
    expect(sent).toHaveLength(900);
    expect(month.byCategory).toEqual(tally((r) => r.category));
    expect(month.byReseller).toEqual(tally((r) => (r.firstSenderCode === 'FS1234' ? BRN : OTHER)));
    expect(month.byRelay).toEqual(tally((r) => r.relayId!));
    const hours = [...state.hours.values()].reduce((n, h) => n + h.reports, 0);
    expect(hours).toBe(900);
  });

  it('counts only the new tail of a redelivery that starts where a counted batch started', async () => {
    const { deps, state } = setup();
    await ingestSpamReports(
      deps,
      messages(1, 30, () => ({ category: 'STOCK' })),
    );
    const writes = state.stream.splice(0);
    await countSpamReports(deps, writes.slice(0, 10));
    const again = await countSpamReports(deps, writes);
    expect(again).toMatchObject({ counted: 20, seen: 10 });
    expect(state.months.get('2026-01')?.byCategory).toEqual({ STOCK: 30 });
  });

  it('reports where counting stopped, having counted everything before it', async () => {
    const { deps, state } = setup();
    const holders = new Map(Array.from({ length: 60 }, (_, i) => [`C${i}`, `30000000${i}`]));
    for (const [c, b] of holders) state.codes.set(c, b);
    await ingestSpamReports(
      deps,
      messages(1, 300, (i) => ({ firstSenderCode: `C${i % 60}` })),
    );
    const writes = state.stream.splice(0);
    const groups = commitGroups(writes);
    const commit = deps.spamCounter.commit;
    let calls = 0;
    deps.spamCounter.commit = async (batch) => {
      if (++calls === 2) throw new Error('throttled');
      return commit(batch);
    };
    await expect(countSpamReports(deps, writes)).rejects.toMatchObject({
      name: 'CountingFailedError',
      sequence: groups[1]![0]!.sequence,
    });
    deps.spamCounter.commit = commit;
    const retry = await countSpamReports(deps, writes.slice(groups[0]!.length));
    expect(retry.counted).toBe(300 - groups[0]!.length);
    const total = Object.values(state.months.get('2026-01')!.byReseller).reduce((a, b) => a + b, 0);
    expect(total).toBe(300);
  });

  it('keeps the counts of a reseller whose case check failed and checks again on redelivery', async () => {
    const { deps, state } = setup();
    await ingestSpamReports(
      deps,
      messages(2, 10, (i) => ({ firstSenderCode: i < 10 ? 'FS1234' : 'FS9999' })),
    );
    const writes = state.stream.splice(0);
    const window = deps.spamReports.window;
    deps.spamReports.window = async (brn, from, to) => {
      if (brn === OTHER) throw new Error('throttled');
      return window(brn, from, to);
    };
    const first = await countSpamReports(deps, writes);
    expect([...first.failedChecks.keys()]).toEqual([OTHER]);
    expect(first.counted).toBe(20);
    deps.spamReports.window = window;
    const again = await countSpamReports(deps, writes);
    expect(again).toMatchObject({ counted: 0, seen: 20 });
    expect(again.failedChecks.size).toBe(0);
    expect(again.cases.map((c) => c.brn).sort()).toEqual([OTHER, BRN].sort());
  });

  it('opens a case when the batch pushes a reseller over the threshold', async () => {
    const { deps } = setup();
    await ingestSpamReports(
      deps,
      messages(1, 25, () => ({ category: 'GAMBLING' })),
    );
    const [result] = await countStream(deps);
    expect(result!.cases).toEqual([{ brn: BRN, outcome: 'OPENED' }]);
  });
});

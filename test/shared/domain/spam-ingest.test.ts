import { describe, expect, it } from 'vitest';
import { ingestSpamReports, type ReportMessage } from '../../../shared/domain/spam-ingest.js';
import { fakeDeps } from '../../support/fakes.js';
import { spamState } from '../../support/fakes-spam.js';
import { spamReports } from '../../support/spam-fixtures.js';

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

describe('ingesting spam report batches', () => {
  it('attributes through the code registry and counts each report once', async () => {
    const { deps, state } = setup();
    const result = await ingestSpamReports(
      deps,
      messages(2, 50, (i) => ({ firstSenderCode: i % 2 ? 'FS1234' : 'FS9999', category: 'STOCK' })),
    );
    expect(result).toMatchObject({ recorded: 100, duplicates: 0, failed: 0 });
    expect(result.failedMessages.size).toBe(0);
    expect(state.months.get('2026-01')?.byReseller).toEqual({ [BRN]: 50, [OTHER]: 50 });
    expect(result.cases).toEqual([
      { brn: OTHER, outcome: 'BELOW_THRESHOLD' },
      { brn: BRN, outcome: 'BELOW_THRESHOLD' },
    ]);
  });

  it('counts a redelivered batch once', async () => {
    const { deps, state } = setup();
    const batch = messages(3, 40, () => ({ category: 'STOCK' }));
    await ingestSpamReports(deps, batch);
    const again = await ingestSpamReports(deps, batch);
    expect(again).toMatchObject({ recorded: 0, duplicates: 120 });
    expect(state.months.get('2026-01')?.byCategory).toEqual({ STOCK: 120 });
    // The redelivery still checks the case: 120 reports cross the threshold.
    expect(deps.store.cases.size).toBe(1);
  });

  it('fails only the messages holding reports that were not recorded', async () => {
    const { deps, state } = setup();
    state.failReports.add('KISA-00000015');
    const result = await ingestSpamReports(deps, messages(3, 10));
    expect([...result.failedMessages.keys()]).toEqual(['msg-1']);
    expect(result).toMatchObject({ recorded: 29, failed: 1 });
  });

  it('fails every message carrying a report id that failed, when a report repeats across messages', async () => {
    const { deps, state } = setup();
    const batch = messages(2, 5);
    batch[1] = { id: 'msg-1', reports: [...batch[1]!.reports, batch[0]!.reports[0]!] };
    state.failReports.add(batch[0]!.reports[0]!.reportId);
    const result = await ingestSpamReports(deps, batch);
    expect([...result.failedMessages.keys()].sort()).toEqual(['msg-0', 'msg-1']);
  });

  it('fails the messages of a reseller whose case check failed, so the redelivery checks again', async () => {
    const { deps } = setup();
    const batch = messages(2, 10, (i) => ({ firstSenderCode: i < 10 ? 'FS1234' : 'FS9999' }));
    const window = deps.spamReports.window;
    deps.spamReports.window = async (brn, from, to) => {
      if (brn === OTHER) throw new Error('throttled');
      return window(brn, from, to);
    };
    const result = await ingestSpamReports(deps, batch);
    expect([...result.failedMessages.keys()]).toEqual(['msg-1']);
    expect(result.recorded).toBe(20);
  });

  it('opens a case when the batch pushes a reseller over the threshold', async () => {
    const { deps } = setup();
    const result = await ingestSpamReports(
      deps,
      messages(1, 25, () => ({ category: 'GAMBLING' })),
    );
    expect(result.cases).toEqual([{ brn: BRN, outcome: 'OPENED' }]);
  });
});

import { describe, expect, it } from 'vitest';
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

describe('ingesting spam report batches', () => {
  it('attributes through the code registry and counts each report once', async () => {
    const { deps, state } = setup();
    const result = await ingestSpamReports(
      deps,
      messages(2, 50, (i) => ({ firstSenderCode: i % 2 ? 'FS1234' : 'FS9999', category: 'STOCK' })),
    );
    expect(result).toMatchObject({ recorded: 100, failed: 0 });
    expect(result.failedMessages.size).toBe(0);
    const [counted] = await countStream(deps);
    expect(state.months.get('2026-01')?.byReseller).toEqual({ [BRN]: 50, [OTHER]: 50 });
    expect(counted!.cases).toEqual([
      { brn: OTHER, outcome: 'BELOW_THRESHOLD' },
      { brn: BRN, outcome: 'BELOW_THRESHOLD' },
    ]);
  });

  it('counts a redelivered batch once', async () => {
    const { deps, state } = setup();
    const batch = messages(3, 40, () => ({ category: 'STOCK' }));
    await ingestSpamReports(deps, batch);
    await countStream(deps);
    const again = await ingestSpamReports(deps, batch);
    expect(again).toMatchObject({ recorded: 120, failed: 0 });
    await countStream(deps);
    expect(state.months.get('2026-01')?.byCategory).toEqual({ STOCK: 120 });
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
});

import { describe, expect, it } from 'vitest';
import {
  crossedThreshold,
  evaluateSpamCase,
  listCases,
} from '../../../../shared/domain/cases/case-opening.js';
import { OpenCaseExistsError } from '../../../../shared/domain/core/errors.js';
import { defaultPolicyVersions, policyAt } from '../../../../shared/domain/policy/policy.js';
import { aggregate, attribute } from '../../../../shared/domain/spam/attribution.js';
import { fakeDeps } from '../../../support/fakes.js';
import { spamState } from '../../../support/fakes-spam.js';
import { spamReports } from '../../../support/spam-fixtures.js';

const BRN = '2208162517';
const holders = new Map([['FS1234', BRN]]);

/** Records reports and counts their first writes (what the counting stream consumer does, minus case checks). */
async function record(deps: ReturnType<typeof fakeDeps>, n: number, each = (_i: number) => ({}), start = 0) {
  await deps.spamReports.record(spamReports(n, each, start).map((r) => attribute(r, holders)));
  const writes = spamState(deps.store).stream.splice(0);
  if (writes.length === 0) return;
  await deps.spamCounter.commit({
    first: writes[0]!.sequence,
    last: writes.at(-1)!.sequence,
    increments: aggregate(writes.map((w) => w.report)),
  });
}

/** A reviewer's decision on the reseller's (only) case, as decideCase stores it. */
function decide(deps: ReturnType<typeof fakeDeps>, status: 'CONFIRMED' | 'DISMISSED', decidedAt: string) {
  const [only] = [...deps.store.cases.values()];
  deps.store.cases.set(only!.caseId, { ...only!, status, decidedAt, revision: 2 });
}

describe('spam case thresholds', () => {
  const policy = policyAt(defaultPolicyVersions, new Date('2026-01-15T00:00:00Z')).parameters.spamCase;

  it('crosses at 100 reports, or 20 in the malicious categories, within the window', () => {
    expect(
      crossedThreshold({ reports: 99, byCategory: { STOCK: 99 }, byRelay: {} }, policy).threshold,
    ).toBeUndefined();
    expect(
      crossedThreshold({ reports: 100, byCategory: { STOCK: 100 }, byRelay: {} }, policy).threshold,
    ).toBe('100 reports ≥ 100 in 24 h');
    const malicious = crossedThreshold(
      { reports: 20, byCategory: { LOAN: 12, DRUGS: 8 }, byRelay: {} },
      policy,
    );
    expect(malicious).toEqual({
      malicious: 20,
      threshold: '20 malicious reports (GAMBLING, LOAN, DRUGS, PHISHING) ≥ 20 in 24 h',
    });
  });
});

describe('opening spam cases', () => {
  it('leaves a reseller below the thresholds without a case', async () => {
    const deps = fakeDeps();
    await record(deps, 19, () => ({ category: 'GAMBLING' }));
    await record(deps, 50, () => ({ category: 'STOCK' }), 100);
    expect(await evaluateSpamCase(deps, BRN)).toEqual({
      outcome: 'BELOW_THRESHOLD',
      reports: 69,
      malicious: 19,
    });
    expect(deps.store.cases.size).toBe(0);
  });

  it('opens a case with the evidence once 20 malicious reports fall in the window', async () => {
    const deps = fakeDeps();
    await record(deps, 20, (i) => ({ category: i % 2 ? 'LOAN' : 'PHISHING', relayId: i < 5 ? 'skb' : 'kt' }));
    const check = await evaluateSpamCase(deps, BRN);
    expect(check.outcome).toBe('OPENED');
    const [opened] = [...deps.store.cases.values()];
    expect(opened).toMatchObject({
      brn: BRN,
      status: 'OPEN',
      openedAt: '2026-01-15T00:00:00.000Z',
      evidence: {
        from: '2026-01-14T01:00:00.000Z',
        to: '2026-01-15T00:00:00.000Z',
        reports: 20,
        malicious: 20,
        byCategory: { LOAN: 10, PHISHING: 10 },
        byRelay: { skb: 5, kt: 15 },
        threshold: expect.stringContaining('malicious'),
      },
    });
    expect(deps.store.audit.map((a) => a.action)).toEqual(['CASE_OPENED', 'SPAM_CASE_OPENED']);
  });

  it('counts only reports inside the rolling window', async () => {
    const deps = fakeDeps();
    await record(deps, 150, () => ({ category: 'STOCK', receivedAt: '2026-01-13T00:00:00Z' }));
    await record(deps, 60, () => ({ category: 'STOCK' }), 1000);
    expect(await evaluateSpamCase(deps, BRN)).toMatchObject({ outcome: 'BELOW_THRESHOLD', reports: 60 });
  });

  it('opens one case per reseller: a second crossing while one is open opens nothing', async () => {
    const deps = fakeDeps();
    await record(deps, 120, () => ({ category: 'STOCK' }));
    expect((await evaluateSpamCase(deps, BRN)).outcome).toBe('OPENED');
    await record(deps, 120, () => ({ category: 'STOCK' }), 1000);
    expect((await evaluateSpamCase(deps, BRN)).outcome).toBe('ALREADY_OPEN');
    expect(deps.store.cases.size).toBe(1);
  });

  it('treats losing the race to open a case as already open', async () => {
    const deps = fakeDeps();
    await record(deps, 120, () => ({ category: 'STOCK' }));
    deps.store.failNextCommit = new OpenCaseExistsError('this reseller already has an open case');
    expect(await evaluateSpamCase(deps, BRN)).toEqual({ outcome: 'ALREADY_OPEN' });
  });

  it('never reopens a decided case on the reports it already counted', async () => {
    for (const status of ['CONFIRMED', 'DISMISSED'] as const) {
      const deps = fakeDeps();
      await record(deps, 120, () => ({ category: 'STOCK' }));
      await evaluateSpamCase(deps, BRN);
      decide(deps, status, '2026-01-15T00:30:00.000Z');
      deps.clock.set('2026-01-15T00:40:00Z');
      expect(await evaluateSpamCase(deps, BRN)).toMatchObject({ outcome: 'BELOW_THRESHOLD', reports: 0 });
      expect(deps.store.cases.size).toBe(1);
    }
  });

  it('opens a new case on reports received after the decision', async () => {
    const deps = fakeDeps();
    await record(deps, 120, () => ({ category: 'STOCK' }));
    await evaluateSpamCase(deps, BRN);
    decide(deps, 'DISMISSED', '2026-01-15T00:30:00.000Z');
    deps.clock.set('2026-01-15T02:00:00Z');
    await record(deps, 99, () => ({ category: 'STOCK', receivedAt: '2026-01-15T01:10:00Z' }), 1000);
    expect(await evaluateSpamCase(deps, BRN)).toMatchObject({ outcome: 'BELOW_THRESHOLD', reports: 99 });
    await record(deps, 1, () => ({ category: 'STOCK', receivedAt: '2026-01-15T01:50:00Z' }), 2000);
    const reopened = await evaluateSpamCase(deps, BRN);
    expect(reopened).toMatchObject({ outcome: 'OPENED', spamCase: { evidence: { reports: 100 } } });
    expect(deps.store.cases.size).toBe(2);
  });

  it('follows the policy version in force (a lower threshold from a later version)', async () => {
    const deps = fakeDeps();
    const base = policyAt(defaultPolicyVersions, deps.clock.now()).parameters;
    deps.store.policyVersions.push({
      version: 3,
      effectiveFrom: '2026-01-01T00:00:00.000Z',
      source: 'test',
      changes: { spamCase: { ...base.spamCase, threshold: 10, windowHours: 2 } },
    });
    await record(deps, 10, () => ({ category: 'STOCK' }));
    const check = await evaluateSpamCase(deps, BRN);
    expect(check.outcome).toBe('OPENED');
    expect(check.outcome === 'OPENED' && check.spamCase.evidence.threshold).toBe('10 reports ≥ 10 in 2 h');
  });

  it('lists cases without their storage revision', async () => {
    const deps = fakeDeps();
    await record(deps, 120, () => ({ category: 'STOCK' }));
    await evaluateSpamCase(deps, BRN);
    const page = await listCases(deps, { status: 'OPEN', brn: BRN }, { limit: 10 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).not.toHaveProperty('revision');
  });
});

import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import { attribute } from '../../../shared/domain/spam/attribution.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';
import { countStream } from '../../support/fakes-spam.js';
import { spamReports } from '../../support/spam-fixtures.js';

testEnv();
const { handler } = await import('../../../functions/get-monthly-statistics/handler.js');

async function setup() {
  const deps = fakeDeps();
  const holders = new Map([['FS1234', '2208162517']]);
  await deps.spamReports.record(
    spamReports(12, (i) => ({ relayId: i < 4 ? 'skb' : 'kt', firstSenderCode: i % 3 ? 'FS1234' : 'X' })).map(
      (r) => attribute(r, holders),
    ),
  );
  await countStream(deps);
  const get = (query: Record<string, string>, principal: Principal = principals.regulator()) =>
    handler.withDeps(deps)(
      apiEvent({ method: 'GET', path: '/v1/statistics/monthly', principal, query }),
      lambdaContext,
    );
  return { get };
}

describe('GET /v1/statistics/monthly', () => {
  it('answers the month’s statistics in KST', async () => {
    const { get } = await setup();
    const res = await get({ month: '2026-01' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      month: '2026-01',
      from: '2025-12-31T15:00:00.000Z',
      to: '2026-01-31T15:00:00.000Z',
      live: true,
      reports: 12,
      reportsByRelay: [
        { relayId: 'kt', reports: 8 },
        { relayId: 'skb', reports: 4 },
      ],
      reportsByCategory: [{ category: 'GAMBLING', reports: 12 }],
      topResellers: [{ brn: '2208162517', reports: 8 }],
      unattributed: 4,
      certifications: 0,
      sanctions: 0,
    });
  });

  it('lets reviewers read it too, and defaults to the current month', async () => {
    const { get } = await setup();
    const res = await get({}, principals.reviewer());
    expect(JSON.parse(res.body)).toMatchObject({ month: '2026-01', reports: 12 });
  });

  it('answers 400 naming query.month for a malformed or future month', async () => {
    const { get } = await setup();
    for (const month of ['2026-13', '2026-1', '2027-01']) {
      const res = await get({ month });
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body).errors).toEqual([{ path: 'query.month', message: expect.any(String) }]);
    }
  });

  it('refuses resellers, relays and monitors', async () => {
    const { get } = await setup();
    for (const p of [principals.reseller('2208162517'), principals.relay(), principals.monitor()])
      expect((await get({}, p)).statusCode).toBe(403);
  });
});

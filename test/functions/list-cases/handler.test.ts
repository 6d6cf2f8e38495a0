import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/core/principal.js';
import type { SpamCase } from '../../../shared/domain/ports.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { fakeDeps, principals } from '../../support/fakes.js';

testEnv();
const { handler } = await import('../../../functions/list-cases/handler.js');

function spamCase(n: number, brn: string, status: SpamCase['status']): SpamCase {
  return {
    caseId: `case_${n}`,
    brn,
    status,
    openedAt: `2026-01-${String(n).padStart(2, '0')}T00:00:00.000Z`,
    evidence: {
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
      reports: 120,
      malicious: 3,
      byCategory: { STOCK: 117, LOAN: 3 },
      byRelay: { kt: 120 },
      threshold: '120 reports ≥ 100 in 24 h',
    },
    revision: 1,
  };
}

function setup() {
  const deps = fakeDeps();
  const all = [
    spamCase(1, '2208162517', 'DISMISSED'),
    spamCase(2, '2208162517', 'OPEN'),
    spamCase(3, '1248100998', 'OPEN'),
    spamCase(4, '1248100998', 'CONFIRMED'),
  ];
  for (const c of all) deps.store.cases.set(c.caseId, c);
  const list = (query: Record<string, string>, principal: Principal = principals.reviewer()) =>
    handler.withDeps(deps)(apiEvent({ method: 'GET', path: '/v1/cases', principal, query }), lambdaContext);
  return { list };
}

describe('GET /v1/cases', () => {
  it('lists cases newest first, without the storage revision', async () => {
    const res = await setup().list({});
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.items.map((c: SpamCase) => c.caseId)).toEqual(['case_4', 'case_3', 'case_2', 'case_1']);
    expect(body.items[0]).not.toHaveProperty('revision');
    expect(body.nextCursor).toBeUndefined();
  });

  it('filters by status and by reseller (dashes accepted)', async () => {
    const { list } = setup();
    const open = JSON.parse(
      (await list({ status: 'OPEN', brn: '220-81-62517' }, principals.regulator())).body,
    );
    expect(open.items.map((c: SpamCase) => c.caseId)).toEqual(['case_2']);
  });

  it('pages with limit and an opaque cursor', async () => {
    const { list } = setup();
    const first = JSON.parse((await list({ limit: '3' }, principals.committee())).body);
    expect(first.items).toHaveLength(3);
    const rest = JSON.parse((await list({ limit: '3', cursor: first.nextCursor })).body);
    expect(rest.items.map((c: SpamCase) => c.caseId)).toEqual(['case_1']);
  });

  it('answers 400 naming a bad filter, and 403 to roles that may not read cases', async () => {
    const { list } = setup();
    const bad = await list({ status: 'CLOSED' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).errors).toEqual([{ path: 'query.status', message: expect.any(String) }]);
    expect((await list({}, principals.reseller('2208162517'))).statusCode).toBe(403);
    expect((await list({}, principals.monitor())).statusCode).toBe(403);
  });
});

import { describe, expect, it } from 'vitest';
import { importExistingResellers } from '../../../shared/domain/existing-resellers.js';
import { fakeDeps, principals } from '../../support/fakes.js';

const row = (brn: string, over: Record<string, unknown> = {}) => ({
  brn,
  companyName: `Co ${brn}`,
  registeredAt: '2023-03-01T00:00:00Z',
  relayOperatorIds: ['kt'],
  ...over,
});

describe('importing existing resellers', () => {
  it('creates GRACE resellers before the deadline, each announced on the change feed', async () => {
    const deps = fakeDeps();
    deps.clock.set('2024-07-01T00:00:00Z');
    const results = await importExistingResellers(deps, principals.admin(), [
      row('2208162517'),
      row('220-81-62517'),
    ]);
    expect(results).toEqual([
      { index: 0, brn: '2208162517', outcome: 'CREATED', status: 'GRACE' },
      { index: 1, brn: '2208162517', outcome: 'UNCHANGED', status: 'GRACE' },
    ]);
    expect(deps.store.feed).toEqual([expect.objectContaining({ seq: 1, status: 'GRACE', version: 1 })]);
  });

  it('imports a reseller THROTTLED during the extension and UNCERTIFIED after it', async () => {
    const deps = fakeDeps();
    deps.clock.set('2024-12-15T00:00:00Z');
    const [during] = await importExistingResellers(deps, principals.admin(), [row('2208162517')]);
    deps.clock.set('2025-01-02T00:00:00Z');
    const [after] = await importExistingResellers(deps, principals.admin(), [row('1248100998')]);
    expect(during).toMatchObject({ outcome: 'CREATED', status: 'THROTTLED' });
    expect(deps.store.resellers.get('2208162517')?.throttle).toEqual({ speedPercent: 50, volumePercent: 50 });
    expect(after).toMatchObject({ outcome: 'CREATED', status: 'UNCERTIFIED' });
    // Unknown → UNCERTIFIED is no change of eligibility: no version, no feed entry.
    expect(deps.store.resellers.get('1248100998')?.version).toBe(0);
    expect(deps.store.feed).toHaveLength(1);
  });

  it('rejects bad rows by name and still imports the good ones', async () => {
    const deps = fakeDeps();
    deps.clock.set('2024-07-01T00:00:00Z');
    const results = await importExistingResellers(deps, principals.admin(), [
      row('2208162518'),
      row('1248100998', { registeredAt: 'yesterday' }),
      row('1010101013', { registeredAt: '2024-07-01T00:00:00Z' }),
      row('5550001116'),
    ]);
    expect(results[0]).toMatchObject({
      outcome: 'REJECTED',
      errors: [{ path: 'brn', message: expect.stringMatching(/check digit/) }],
    });
    expect(results[1]).toMatchObject({ outcome: 'REJECTED', errors: [{ path: 'registeredAt' }] });
    expect(results[2]).toMatchObject({
      outcome: 'REJECTED',
      errors: [{ path: 'registeredAt', message: expect.stringMatching(/program start/) }],
    });
    expect(results[3]).toMatchObject({ outcome: 'CREATED' });
    expect([...deps.store.resellers.keys()]).toEqual(['5550001116']);
  });
});

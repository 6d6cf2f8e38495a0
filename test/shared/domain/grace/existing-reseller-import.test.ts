import { describe, expect, it } from 'vitest';
import { importExistingResellers } from '../../../../shared/domain/grace/existing-reseller-import.js';
import { validateExistingResellerRow } from '../../../../shared/schemas/registry.js';
import { fakeDeps, principals } from '../../../support/fakes.js';

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
    const results = await importExistingResellers(
      deps,
      principals.admin(),
      [row('2208162517'), row('220-81-62517')],
      validateExistingResellerRow,
    );
    expect(results).toEqual([
      { index: 0, brn: '2208162517', outcome: 'CREATED', status: 'GRACE' },
      { index: 1, brn: '2208162517', outcome: 'UNCHANGED', status: 'GRACE' },
    ]);
    expect(deps.store.feed).toEqual([expect.objectContaining({ seq: 1, status: 'GRACE', version: 1 })]);
  });

  it('imports a reseller THROTTLED during the extension and UNCERTIFIED after it', async () => {
    const deps = fakeDeps();
    deps.clock.set('2024-12-15T00:00:00Z');
    const [during] = await importExistingResellers(
      deps,
      principals.admin(),
      [row('2208162517')],
      validateExistingResellerRow,
    );
    deps.clock.set('2025-01-02T00:00:00Z');
    const [after] = await importExistingResellers(
      deps,
      principals.admin(),
      [row('1248100998')],
      validateExistingResellerRow,
    );
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
    const results = await importExistingResellers(
      deps,
      principals.admin(),
      [
        row('2208162518'),
        row('1248100998', { registeredAt: 'yesterday' }),
        row('1010101013', { registeredAt: '2024-07-01T00:00:00Z' }),
        row('5550001116'),
      ],
      validateExistingResellerRow,
    );
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

describe('the order of import and application', () => {
  async function applyThenImport(applyAt: string, importAt: string) {
    const { submitApplication } = await import(
      '../../../../shared/domain/applications/application-use-cases.js'
    );
    const { applicationBody } = await import('../../../support/fixtures.js');
    const deps = fakeDeps();
    deps.clock.set(applyAt);
    const body = applicationBody('2208162517') as Parameters<typeof submitApplication>[2];
    await submitApplication(deps, principals.reseller('2208162517'), body);
    deps.clock.set(importAt);
    const [result] = await importExistingResellers(
      deps,
      principals.admin(),
      [row('2208162517')],
      validateExistingResellerRow,
    );
    return { deps, result };
  }

  it('makes a reseller that applied before its import an existing one: GRACE until the deadline', async () => {
    const { deps, result } = await applyThenImport('2024-08-01T00:00:00Z', '2024-09-01T00:00:00Z');
    expect(result).toMatchObject({ outcome: 'CREATED', status: 'GRACE' });
    expect(deps.store.resellers.get('2208162517')).toMatchObject({ existing: true, status: 'GRACE' });
    expect(deps.store.feed.at(-1)).toMatchObject({ status: 'GRACE', noticeType: 'reseller.grace' });
  });

  it('keeps it unthrottled in the extension, having applied, as if it had been imported first', async () => {
    const { deps } = await applyThenImport('2024-08-01T00:00:00Z', '2024-09-01T00:00:00Z');
    const { enforceEligibility } = await import('../../../../shared/domain/resellers/time-enforcement.js');
    deps.clock.set('2024-12-10T00:00:00Z');
    await enforceEligibility(deps, '2208162517', 'test');
    expect(deps.store.resellers.get('2208162517')).toMatchObject({ status: 'GRACE', throttle: null });
  });
});

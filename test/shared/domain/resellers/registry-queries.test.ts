import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../../shared/domain/core/errors.js';
import { importExistingResellers } from '../../../../shared/domain/grace/existing-reseller-import.js';
import {
  eligibilityOf,
  registrySnapshot,
  resellerProfile,
} from '../../../../shared/domain/resellers/registry-queries.js';
import { validateExistingResellerRow } from '../../../../shared/schemas/registry.js';
import { fakeDeps, principals } from '../../../support/fakes.js';

describe('reseller reads', () => {
  it('lets a reseller read its own eligibility but not another’s', async () => {
    const deps = fakeDeps();
    await expect(eligibilityOf(deps, principals.reseller('2208162517'), '2208162517')).resolves.toMatchObject(
      {
        status: 'UNCERTIFIED',
      },
    );
    await expect(eligibilityOf(deps, principals.reseller('2208162517'), '1248100998')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('derives the decision from the clock, so a relay is blocked the moment the extension ends', async () => {
    const deps = fakeDeps();
    deps.clock.set('2024-07-01T00:00:00Z');
    await importExistingResellers(
      deps,
      principals.admin(),
      [{ brn: '2208162517', companyName: 'Old', registeredAt: '2023-01-01T00:00:00Z' }],
      validateExistingResellerRow,
    );
    deps.clock.set('2024-12-31T15:00:00Z');
    await expect(eligibilityOf(deps, principals.relay(), '2208162517')).resolves.toMatchObject({
      status: 'UNCERTIFIED',
      allowed: false,
      version: 1,
    });
  });

  it('answers 404 for the profile of an unknown reseller', async () => {
    await expect(resellerProfile(fakeDeps(), principals.relay(), '2208162517')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('serves the snapshot with the feed head read before the data', async () => {
    const deps = fakeDeps();
    deps.clock.set('2024-07-01T00:00:00Z');
    await importExistingResellers(
      deps,
      principals.admin(),
      [
        { brn: '2208162517', companyName: 'A', registeredAt: '2023-01-01T00:00:00Z' },
        { brn: '1248100998', companyName: 'B', registeredAt: '2023-01-01T00:00:00Z' },
      ],
      validateExistingResellerRow,
    );
    const snapshot = await registrySnapshot(deps, undefined);
    expect(snapshot.seq).toBe(2);
    expect(snapshot.items.map((i) => [i.brn, i.status])).toEqual([
      ['1248100998', 'GRACE'],
      ['2208162517', 'GRACE'],
    ]);
  });
});

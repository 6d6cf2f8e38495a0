import { describe, expect, it } from 'vitest';
import {
  defaultPolicyVersions,
  type PolicyVersion,
  parameterEffectiveDates,
  policyAt,
} from '../../../../shared/domain/policy/policy.js';
import { vectors } from '../../../support/fixtures.js';

describe('policy', () => {
  it('defaults to the published instants', () => {
    const p = policyAt(defaultPolicyVersions, new Date('2024-07-01T00:00:00Z')).parameters;
    expect(p.programStart).toBe(new Date(vectors.instants.programStart).toISOString());
    expect(p.existingDeadline).toBe(new Date(vectors.instants.existingDeadline).toISOString());
    expect(p.extensionEnd).toBe(new Date(vectors.instants.extensionEnd).toISOString());
    expect(p.extensionThrottle).toEqual({ speedPercent: 50, volumePercent: 50 });
  });

  it('raises the capital minimum to KRW 300M only from the version that took effect', () => {
    expect(
      policyAt(defaultPolicyVersions, new Date('2025-01-01T00:00:00Z')).parameters.minPaidInCapitalKrw,
    ).toBe(50_000_000);
    expect(
      policyAt(defaultPolicyVersions, new Date('2026-01-01T00:00:00Z')).parameters.minPaidInCapitalKrw,
    ).toBe(300_000_000);
  });

  it('ignores a version whose effective date is still ahead', () => {
    const future: PolicyVersion = {
      version: 3,
      effectiveFrom: '2030-01-01T00:00:00.000Z',
      changes: { supplementDeadlineDays: 7 },
      source: 'test',
    };
    const versions = [...defaultPolicyVersions, future];
    expect(policyAt(versions, new Date('2029-12-31T23:59:59Z')).version).toBe(2);
    expect(policyAt(versions, new Date('2030-01-01T00:00:00Z')).parameters.supplementDeadlineDays).toBe(7);
  });

  it('keeps an inserted change in force after a later version that changes something else', () => {
    const inserted: PolicyVersion = {
      version: 3,
      effectiveFrom: '2025-01-01T00:00:00.000Z',
      changes: { supplementDeadlineDays: 21 },
      source: 'test',
    };
    const p = policyAt([...defaultPolicyVersions, inserted], new Date('2026-01-01T00:00:00Z'));
    expect(p.parameters).toMatchObject({ supplementDeadlineDays: 21, minPaidInCapitalKrw: 300_000_000 });
    expect(p.version).toBe(2);
  });

  it('dates each parameter from the version that last changed it', () => {
    const dates = parameterEffectiveDates(defaultPolicyVersions, new Date('2026-01-01T00:00:00Z'));
    expect(dates.minPaidInCapitalKrw).toBe(defaultPolicyVersions[1]!.effectiveFrom);
    expect(dates.existingDeadline).toBe(defaultPolicyVersions[0]!.effectiveFrom);
  });
});

describe('policy before the programme start', () => {
  it('applies the first version’s rules while no version is in force yet', () => {
    const before = new Date('2024-05-31T14:59:59Z');
    const policy = policyAt(defaultPolicyVersions, before);
    expect(policy).toMatchObject({ version: 1, effectiveFrom: '2024-05-31T15:00:00.000Z' });
    expect(policy.parameters.programStart).toBe('2024-05-31T15:00:00.000Z');
    expect(parameterEffectiveDates(defaultPolicyVersions, before).programStart).toBe(
      '2024-05-31T15:00:00.000Z',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/domain/core/errors.js';
import { policyAt } from '../../../../shared/domain/policy/policy.js';
import { addPolicyVersion } from '../../../../shared/domain/policy/policy-versions.js';
import { validatePolicyParameters } from '../../../../shared/schemas/policy.js';
import { fakeDeps, principals } from '../../../support/fakes.js';

describe('adding a policy version', () => {
  it('adds a future version that changes only the named parameters', async () => {
    const deps = fakeDeps();
    const v = await addPolicyVersion(
      deps,
      principals.admin(),
      {
        effectiveFrom: '2026-07-01T00:00:00.000Z',
        parameters: { certificateValidityMonths: 36 },
        source: 'KMCC notice 2026-12',
      },
      validatePolicyParameters,
    );
    expect(v.version).toBe(3);
    const versions = await deps.policies.versions();
    expect(policyAt(versions, new Date('2026-06-30T23:59:59Z')).parameters.certificateValidityMonths).toBe(
      24,
    );
    const later = policyAt(versions, new Date('2026-07-01T00:00:00Z')).parameters;
    expect(later).toMatchObject({ certificateValidityMonths: 36, minPaidInCapitalKrw: 300_000_000 });
    expect(deps.store.audit.at(-1)).toMatchObject({ action: 'POLICY_VERSION_ADDED' });
  });

  it('never rewrites the past', async () => {
    const deps = fakeDeps();
    await expect(
      addPolicyVersion(
        deps,
        principals.admin(),
        {
          effectiveFrom: '2025-01-01T00:00:00.000Z',
          parameters: { minPaidInCapitalKrw: 1 },
          source: 'backdated',
        },
        validatePolicyParameters,
      ),
    ).rejects.toMatchObject({ errors: [{ path: 'body.effectiveFrom' }] });
  });

  it('rejects a combination that makes the policy invalid, naming the parameter', async () => {
    const deps = fakeDeps();
    const attempt = addPolicyVersion(
      deps,
      principals.admin(),
      {
        effectiveFrom: '2026-07-01T00:00:00.000Z',
        parameters: { sanctionLadder: { windowMonths: 12, steps: [] } },
        source: 'bad',
      },
      validatePolicyParameters,
    );
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      errors: [{ path: 'body.parameters.sanctionLadder.steps' }],
    });
  });
});

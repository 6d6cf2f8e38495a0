import { ValidationError } from '../core/errors.js';
import { actorOf, type Principal } from '../core/principal.js';
import type { Validator } from '../core/validation.js';
import type { Deps } from '../ports.js';
import { type PolicyParameters, type PolicyVersion, policyAt } from './policy.js';

/**
 * Adds a policy version: the parameters it names change from `effectiveFrom` on, the rest keep
 * whatever is in force. The policy must stay valid at that instant and at every later version's.
 * A version may take effect now or later, never earlier: the past stays as it was decided.
 */
export async function addPolicyVersion(
  deps: Pick<Deps, 'clock' | 'policies'>,
  principal: Principal,
  body: { effectiveFrom: string; parameters: Partial<PolicyParameters>; source: string },
  validateParameters: Validator<PolicyParameters>,
): Promise<PolicyVersion> {
  const now = deps.clock.now();
  if (Date.parse(body.effectiveFrom) < now.getTime() - 1_000) {
    throw new ValidationError('a policy version cannot take effect in the past', [
      { path: 'body.effectiveFrom', message: `must not be before now (${now.toISOString()})` },
    ]);
  }
  const versions = await deps.policies.versions();
  const version: PolicyVersion = {
    version: Math.max(...versions.map((v) => v.version)) + 1,
    effectiveFrom: body.effectiveFrom,
    changes: body.parameters,
    source: body.source,
  };
  const after = [...versions, version];
  const checkpoints = [
    body.effectiveFrom,
    ...versions.map((v) => v.effectiveFrom).filter((at) => at > body.effectiveFrom),
  ];
  for (const at of checkpoints) {
    const merged = validateParameters(policyAt(after, new Date(at)).parameters);
    if (!merged.ok) throw new ValidationError(`the policy would be invalid from ${at}`, merged.errors);
  }
  await deps.policies.add(version, {
    entity: 'policy',
    at: now.toISOString(),
    actor: actorOf(principal),
    action: 'POLICY_VERSION_ADDED',
    detail: {
      version: version.version,
      effectiveFrom: version.effectiveFrom,
      changed: Object.keys(body.parameters),
    },
  });
  return version;
}

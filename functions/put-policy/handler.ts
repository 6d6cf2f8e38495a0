import { parameterEffectiveDates, policyAt } from '../../shared/domain/policy/policy.js';
import { addPolicyVersion } from '../../shared/domain/policy/policy-versions.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/admin-and-policy.js';
import { validatePolicyParameters } from '../../shared/schemas/policy.js';

export const handler = httpHandler(routes.putPolicy, async ({ principal, body }, deps) => {
  const added = await addPolicyVersion(deps, principal, body, validatePolicyParameters);
  const versions = await deps.policies.versions();
  const from = new Date(added.effectiveFrom);
  // The policy as it will be in force from the new version on.
  return {
    status: 201,
    body: { ...policyAt(versions, from), effectiveDates: parameterEffectiveDates(versions, from) },
  };
});

import { parameterEffectiveDates, policyAt } from '../../shared/domain/policy/policy.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/admin-and-policy.js';

export const handler = httpHandler(routes.getPolicy, async (_req, deps) => {
  const now = deps.clock.now();
  const versions = await deps.policies.versions();
  const current = policyAt(versions, now);
  return {
    status: 200,
    body: {
      version: current.version,
      effectiveFrom: current.effectiveFrom,
      source: current.source,
      parameters: current.parameters,
      effectiveDates: parameterEffectiveDates(versions, now),
    },
  };
});

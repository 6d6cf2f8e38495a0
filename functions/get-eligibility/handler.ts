import { cachedPolicies, cachedResellers } from '../../shared/adapters/cache.js';
import { compose, corePorts, lazily } from '../../shared/adapters/deps.js';
import { eligibilityOf } from '../../shared/domain/resellers/registry-queries.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/resellers-and-registry.js';

/** The relays' hot path: reseller records and policy read through a cache at most 2 s stale. */
const hotPathDeps = lazily(() => {
  const core = corePorts();
  return compose(core, {
    resellers: cachedResellers(core.resellers),
    policies: cachedPolicies(core.policies),
  });
});

export const handler = httpHandler(
  routes.getEligibility,
  async ({ principal, params }, ports) => ({
    status: 200,
    // Relays cache nothing beyond this answer: a suspension must be visible at once.
    headers: { 'cache-control': 'no-store' },
    body: await eligibilityOf(ports, principal, params.brn),
  }),
  { deps: hotPathDeps },
);

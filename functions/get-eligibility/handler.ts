import { cachedPolicies, cachedResellers } from '../../shared/adapters/cache.js';
import { compose, corePorts } from '../../shared/adapters/deps.js';
import type { Deps } from '../../shared/domain/ports.js';
import { eligibilityOf } from '../../shared/domain/resellers/registry-queries.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/resellers-and-registry.js';

let deps: Deps | undefined;

/** The relays' hot path: reseller records and policy read through a cache at most 2 s stale. */
function hotPathDeps(): Deps {
  if (!deps) {
    const core = corePorts();
    deps = compose(core, {
      resellers: cachedResellers(core.resellers!),
      policies: cachedPolicies(core.policies!),
    });
  }
  return deps;
}

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

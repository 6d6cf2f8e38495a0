import { compose, corePorts } from '../../shared/adapters/deps.js';
import { attestationPorts } from '../../shared/adapters/verifiable-registry.js';
import { JWKS_MAX_AGE_SECONDS } from '../../shared/domain/attestations/key-ring.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/verifiable-registry.js';

export const handler = httpHandler(
  routes.getJwks,
  async (_req, deps) => ({
    status: 200,
    // Keys are published at least this long before they sign and kept after they retire (key-ring.ts).
    headers: {
      'cache-control': `public, max-age=${JWKS_MAX_AGE_SECONDS}`,
      'content-type': 'application/jwk-set+json',
    },
    body: { keys: await deps.attestations.jwks(deps.clock.now()) },
  }),
  { deps: () => compose(corePorts(), attestationPorts()) },
);

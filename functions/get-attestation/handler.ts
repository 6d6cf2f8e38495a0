import { compose, corePorts } from '../../shared/adapters/deps.js';
import { attestationPorts } from '../../shared/adapters/verifiable-registry.js';
import { attestationOf } from '../../shared/domain/attestations/attestation.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/verifiable-registry.js';

export const handler = httpHandler(
  routes.getAttestation,
  async ({ principal, params }, deps) => ({
    status: 200,
    // Each call signs a fresh attestation; a stored copy would only shorten its useful life.
    headers: { 'cache-control': 'no-store' },
    body: await attestationOf(deps, principal, params.brn),
  }),
  { deps: () => compose(corePorts(), attestationPorts()) },
);

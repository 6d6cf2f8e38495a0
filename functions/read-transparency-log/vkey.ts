import { compose, corePorts } from '../../shared/adapters/deps.js';
import { transparencyPorts } from '../../shared/adapters/verifiable-registry.js';
import { encodeVerifierKey } from '../../shared/domain/transparency/note.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/verifiable-registry.js';

export const handler = httpHandler(
  routes.getLogVerifierKey,
  async (_req, deps) => ({
    status: 200,
    headers: { 'cache-control': 'public, max-age=300' },
    raw: {
      contentType: 'text/plain; charset=utf-8',
      data: `${encodeVerifierKey(deps.logSigner.name, await deps.logSigner.publicKey())}\n`,
    },
  }),
  { deps: () => compose(corePorts(), transparencyPorts()) },
);

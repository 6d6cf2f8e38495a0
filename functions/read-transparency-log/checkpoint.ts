import { compose, corePorts } from '../../shared/adapters/deps.js';
import { logStorePorts } from '../../shared/adapters/verifiable-registry.js';
import { latestCheckpoint } from '../../shared/domain/transparency/log-reader.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/verifiable-registry.js';

export const handler = httpHandler(
  routes.getLogCheckpoint,
  async (_req, deps) => ({
    status: 200,
    headers: { 'cache-control': 'public, max-age=2' },
    raw: { contentType: 'text/plain; charset=utf-8', data: await latestCheckpoint(deps.transparencyLog) },
  }),
  { deps: () => compose(corePorts(), logStorePorts()) },
);

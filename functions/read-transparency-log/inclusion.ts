import { compose, corePorts } from '../../shared/adapters/deps.js';
import { logStorePorts } from '../../shared/adapters/verifiable-registry.js';
import { inclusion } from '../../shared/domain/transparency/log-reader.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/verifiable-registry.js';

export const handler = httpHandler(
  routes.getLogInclusion,
  async ({ query }, deps) => ({ status: 200, body: await inclusion(deps.transparencyLog, query) }),
  { deps: () => compose(corePorts(), logStorePorts()) },
);

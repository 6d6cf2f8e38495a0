import { DependencyUnavailableError } from '../../shared/domain/core/errors.js';
import { seedRelayOperators } from '../../shared/domain/notices/relay-operators.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/ops.js';

/** Ready only once storage answers and the seed data is in place; otherwise 503 with Retry-After. */
export const handler = httpHandler(routes.getHealth, async (_req, deps) => {
  let relays: unknown[];
  try {
    relays = await deps.relays.list();
  } catch (error) {
    throw new DependencyUnavailableError('health check: storage unreachable', {
      cause: error,
      detail: 'storage is not reachable',
    });
  }
  if (relays.length < seedRelayOperators.length) {
    throw new DependencyUnavailableError('health check: seed data missing', {
      detail: 'seed data is not loaded yet',
    });
  }
  return { status: 200, body: { status: 'ok' } };
});

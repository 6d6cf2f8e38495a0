import { seedRelayOperators } from '../../shared/domain/notices/relay-operators.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { logger } from '../../shared/http/logger.js';
import { problem } from '../../shared/http/problem.js';
import * as routes from '../../shared/http/routes/ops.js';

const notReady = (detail: string) => ({
  status: 503,
  headers: { 'content-type': 'application/problem+json' },
  body: problem(503, detail),
});

/** Ready only once storage answers and the seed data is in place. */
export const handler = httpHandler(routes.getHealth, async (_req, deps) => {
  try {
    const relays = await deps.relays.list();
    if (relays.length < seedRelayOperators.length) return notReady('seed data is not loaded yet');
  } catch (error) {
    logger.warn('health check: storage unreachable', { error: (error as Error).name });
    return notReady('storage is not reachable');
  }
  return { status: 200, body: { status: 'ok' } };
});

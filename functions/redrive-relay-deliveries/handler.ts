import { noticeDeps } from '../../shared/adapters/sanction-adapters.js';
import { redriveRelayDeliveries } from '../../shared/domain/notices/relay-deliveries.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/relay-deliveries.js';

export const handler = httpHandler(
  routes.redriveRelayDeliveries,
  async ({ principal, params, body }, deps) => ({
    status: 200,
    body: await redriveRelayDeliveries(deps, principal, params.relayId, body),
  }),
  { deps: noticeDeps, idempotency },
);

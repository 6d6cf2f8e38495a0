import { noticeDeps } from '../../shared/adapters/sanction-adapters.js';
import { listRelayDeliveries } from '../../shared/domain/notices/relay-deliveries.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/relay-deliveries.js';

export const handler = httpHandler(
  routes.listRelayDeliveries,
  async ({ principal, params, query }, deps) => {
    const { limit, cursor, ...filter } = query;
    return {
      status: 200,
      body: await listRelayDeliveries(deps, principal, params.relayId, filter, {
        limit,
        ...(cursor ? { cursor } : {}),
      }),
    };
  },
  { deps: noticeDeps },
);

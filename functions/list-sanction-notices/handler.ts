import { noticeDeps } from '../../shared/adapters/sanction-adapters.js';
import { listSanctionNotices } from '../../shared/domain/notices/delivery.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/sanctions.js';

export const handler = httpHandler(
  routes.listSanctionNotices,
  async ({ params }, deps) => ({
    status: 200,
    body: await listSanctionNotices(deps, params.sanctionId),
  }),
  { deps: noticeDeps },
);

import { noticeDeps } from '../../shared/adapters/sanction-adapters.js';
import { ackNotice } from '../../shared/domain/notices/delivery.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/relays-and-notices.js';

export const handler = httpHandler(
  routes.ackNotice,
  async ({ principal, params }, deps) => ({
    status: 200,
    body: await ackNotice(deps, principal, params.noticeId),
  }),
  { deps: noticeDeps },
);

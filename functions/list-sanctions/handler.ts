import { listSanctions } from '../../shared/domain/sanctions/sanctions.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/sanctions.js';

export const handler = httpHandler(routes.listSanctions, async ({ principal, params, query }, deps) => ({
  status: 200,
  body: await listSanctions(deps, principal, params.brn, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  }),
}));

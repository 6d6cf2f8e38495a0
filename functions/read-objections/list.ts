import { listObjections } from '../../shared/domain/objections/objection-queries.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

export const handler = httpHandler(routes.listObjections, async ({ principal, query }, deps) => {
  const { limit, cursor, ...filter } = query;
  return {
    status: 200,
    body: await listObjections(deps, principal, filter, { limit, ...(cursor ? { cursor } : {}) }),
  };
});

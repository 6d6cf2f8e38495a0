import { listInspections } from '../../shared/domain/inspections/inspection-queries.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

export const handler = httpHandler(routes.listInspections, async ({ principal, query }, deps) => {
  const { limit, cursor, ...filter } = query;
  return {
    status: 200,
    body: await listInspections(deps, principal, filter, { limit, ...(cursor ? { cursor } : {}) }),
  };
});

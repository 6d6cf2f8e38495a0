import { listAudit } from '../../shared/domain/audit/audit-trail.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

export const handler = httpHandler(routes.listAudit, async ({ query }, deps) => {
  const { limit, cursor, ...filter } = query;
  return { status: 200, body: await listAudit(deps, filter, { limit, ...(cursor ? { cursor } : {}) }) };
});

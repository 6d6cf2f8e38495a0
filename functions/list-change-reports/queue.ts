import { listChangeReportQueue } from '../../shared/domain/work-queues/queues.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/work-queues.js';

export const handler = httpHandler(routes.listChangeReportQueue, async ({ principal, query }, deps) => {
  const { limit, cursor, ...filter } = query;
  return {
    status: 200,
    body: await listChangeReportQueue(deps, principal, filter, { limit, ...(cursor ? { cursor } : {}) }),
  };
});

import { listChangeReports } from '../../shared/domain/change-reports/change-report-use-cases.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

export const handler = httpHandler(routes.listChangeReports, async ({ principal, params, query }, deps) => ({
  status: 200,
  body: await listChangeReports(deps, principal, params.brn, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  }),
}));

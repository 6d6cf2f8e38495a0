import { spamStoreDeps } from '../../shared/adapters/dynamodb/spam-deps.js';
import { listResellerCases } from '../../shared/domain/cases/reseller-cases.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

/** Counts by day come from the hourly spam counters (the spam store). */
export const handler = httpHandler(
  routes.listResellerCases,
  async ({ principal, params, query }, deps) => ({
    status: 200,
    body: await listResellerCases(deps, principal, params.brn, {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    }),
  }),
  { deps: spamStoreDeps },
);

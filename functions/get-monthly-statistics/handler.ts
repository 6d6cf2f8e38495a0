import { spamStoreDeps } from '../../shared/adapters/dynamodb/spam-deps.js';
import { monthlyStatistics } from '../../shared/domain/statistics/monthly-statistics.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/statistics.js';

export const handler = httpHandler(
  routes.getMonthlyStatistics,
  async ({ query }, deps) => ({
    status: 200,
    body: await monthlyStatistics(deps, query.month),
  }),
  { deps: spamStoreDeps },
);

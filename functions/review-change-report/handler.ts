import {
  changeReportView,
  reviewChangeReport,
} from '../../shared/domain/change-reports/change-report-use-cases.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

export const handler = httpHandler(
  routes.reviewChangeReport,
  async ({ principal, params, body }, deps) => {
    const report = await reviewChangeReport(deps, principal, params.changeReportId, body);
    return { status: 200, body: changeReportView(report, principal) };
  },
  { idempotency },
);

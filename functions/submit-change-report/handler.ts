import {
  changeReportView,
  submitChangeReport,
} from '../../shared/domain/change-reports/change-report-use-cases.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

export const handler = httpHandler(
  routes.submitChangeReport,
  async ({ principal, params, body }, deps) => {
    const report = await submitChangeReport(deps, principal, params.brn, body);
    return { status: 201, body: changeReportView(report, principal) };
  },
  { idempotency },
);

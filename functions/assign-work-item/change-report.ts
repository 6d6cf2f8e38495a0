import { changeReportView } from '../../shared/domain/change-reports/change-report-use-cases.js';
import { assignChangeReport } from '../../shared/domain/work-queues/assignment.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/work-queues.js';

export const handler = httpHandler(routes.assignChangeReport, async ({ principal, params, body }, deps) => {
  const report = await assignChangeReport(deps, principal, params.changeReportId, body.assignee);
  return { status: 200, body: changeReportView(report, principal) };
});

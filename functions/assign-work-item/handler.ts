import * as lifecycleRoutes from '../../shared/http/routes/lifecycle.js';
import * as workQueuesRoutes from '../../shared/http/routes/work-queues.js';
import { sharedFunction } from '../../shared/http/shared-function.js';
import { handler as application } from './application.js';
import { handler as spamCase } from './case.js';
import { handler as changeReport } from './change-report.js';
import { handler as inspection } from './inspection.js';
import { handler as objection } from './objection.js';

/** `PUT /v1/{applications|inspections|cases|objections|change-reports}/{id}/assignee`: one Lambda, one handler per route. */
export const handler = sharedFunction([
  [workQueuesRoutes.assignApplication, application],
  [workQueuesRoutes.assignCase, spamCase],
  [workQueuesRoutes.assignObjection, objection],
  [workQueuesRoutes.assignChangeReport, changeReport],
  [lifecycleRoutes.assignInspection, inspection],
]);

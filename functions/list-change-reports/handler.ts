import * as lifecycleRoutes from '../../shared/http/routes/lifecycle.js';
import * as workQueuesRoutes from '../../shared/http/routes/work-queues.js';
import { sharedFunction } from '../../shared/http/shared-function.js';
import { handler as byReseller } from './by-reseller.js';
import { handler as queue } from './queue.js';

/** A reseller's change reports and the staff queue across resellers: one read-only Lambda. */
export const handler = sharedFunction([
  [lifecycleRoutes.listChangeReports, byReseller],
  [workQueuesRoutes.listChangeReportQueue, queue],
]);

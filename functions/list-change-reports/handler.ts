import { routes } from '../../shared/http/routes.js';
import { sharedFunction } from '../../shared/http/shared-function.js';
import { handler as byReseller } from './by-reseller.js';
import { handler as queue } from './queue.js';

/** A reseller's change reports and the staff queue across resellers: one read-only Lambda. */
export const handler = sharedFunction([
  [routes.listChangeReports, byReseller],
  [routes.listChangeReportQueue, queue],
]);

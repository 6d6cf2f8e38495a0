import * as routes from '../../shared/http/routes/lifecycle.js';
import { sharedFunction } from '../../shared/http/shared-function.js';
import { handler as list } from './list.js';
import { handler as one } from './one.js';

/** The staff's and owners' reads of inspections (a list and one): one read-only Lambda, each route its own stack. */
export const handler = sharedFunction([
  [routes.listInspections, list],
  [routes.getInspection, one],
]);

import { routes } from '../../shared/http/routes.js';
import { sharedFunction } from '../../shared/http/shared-function.js';
import { handler as application } from './application.js';
import { handler as spamCase } from './case.js';
import { handler as changeReport } from './change-report.js';
import { handler as objection } from './objection.js';

/** `PUT /v1/{applications|cases|objections|change-reports}/{id}/assignee`: one Lambda, one handler per route. */
export const handler = sharedFunction([
  [routes.assignApplication, application],
  [routes.assignCase, spamCase],
  [routes.assignObjection, objection],
  [routes.assignChangeReport, changeReport],
]);

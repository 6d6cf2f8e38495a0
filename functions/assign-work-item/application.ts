import { applicationView } from '../../shared/domain/applications/application-use-cases.js';
import { assignApplication } from '../../shared/domain/work-queues/assignment.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/work-queues.js';

export const handler = httpHandler(routes.assignApplication, async ({ principal, params, body }, deps) => {
  const application = await assignApplication(deps, principal, params.applicationId, body.assignee);
  return { status: 200, body: applicationView(application, principal, true) };
});

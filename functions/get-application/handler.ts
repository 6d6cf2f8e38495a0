import { applicationView, readApplication } from '../../shared/domain/applications/application-use-cases.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/applications.js';

export const handler = httpHandler(routes.getApplication, async ({ principal, params }, deps) => {
  const application = await readApplication(deps, principal, params.applicationId);
  return { status: 200, body: applicationView(application, principal, true) };
});

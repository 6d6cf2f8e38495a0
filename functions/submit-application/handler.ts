import { applicationView, submitApplication } from '../../shared/domain/applications.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { routes } from '../../shared/http/routes.js';

export const handler = httpHandler(routes.submitApplication, async ({ principal, body }, deps) => {
  const application = await submitApplication(deps, principal, body);
  return {
    status: 201,
    headers: { location: `/v1/applications/${application.applicationId}` },
    body: applicationView(application, principal, false),
  };
});

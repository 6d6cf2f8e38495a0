import { workflowDeps } from '../../shared/adapters/sfn/review-workflow.js';
import { applicationView } from '../../shared/domain/applications/application-use-cases.js';
import { submitSupplement } from '../../shared/domain/review/human-decisions.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/applications.js';

export const handler = httpHandler(
  routes.submitSupplement,
  async ({ principal, params, body }, deps) => {
    const application = await submitSupplement(deps, principal, params.applicationId, body);
    return { status: 200, body: applicationView(application, principal, false) };
  },
  { deps: workflowDeps, idempotency },
);

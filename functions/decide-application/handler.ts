import { workflowDeps } from '../../shared/adapters/sfn/review-workflow.js';
import { applicationView } from '../../shared/domain/applications/application-use-cases.js';
import { decideCertification } from '../../shared/domain/review/human-decisions.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/review.js';

export const handler = httpHandler(
  routes.decideApplication,
  async ({ principal, params, body }, deps) => {
    const application = await decideCertification(deps, principal, params.applicationId, body);
    return { status: 200, body: applicationView(application, principal, false) };
  },
  { deps: workflowDeps, idempotency },
);

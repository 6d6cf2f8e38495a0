import { workflowDeps } from '../../shared/adapters/sfn/review-workflow.js';
import { applicationView } from '../../shared/domain/applications/application-use-cases.js';
import { submitReview } from '../../shared/domain/review/human-decisions.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/review.js';

export const handler = httpHandler(
  routes.reviewApplication,
  async ({ principal, params, body }, deps) => {
    const application = await submitReview(deps, principal, params.applicationId, body);
    return { status: 200, body: applicationView(application, principal, false) };
  },
  { deps: workflowDeps, idempotency },
);

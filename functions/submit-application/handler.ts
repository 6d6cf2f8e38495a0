import { workflowDeps } from '../../shared/adapters/sfn/review-workflow.js';
import {
  applicationView,
  submitApplication,
} from '../../shared/domain/applications/application-use-cases.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import { logger } from '../../shared/http/logger.js';
import * as routes from '../../shared/http/routes/applications.js';

export const handler = httpHandler(
  routes.submitApplication,
  async ({ principal, body }, deps) => {
    const { application, workflowStarted } = await submitApplication(deps, principal, body);
    if (!workflowStarted) {
      logger.warn('review workflow not started; the daily sweep will start it', {
        applicationId: application.applicationId,
      });
    }
    return {
      status: 201,
      headers: { location: `/v1/applications/${application.applicationId}` },
      body: applicationView(application, principal, false),
    };
  },
  { deps: workflowDeps, idempotency },
);

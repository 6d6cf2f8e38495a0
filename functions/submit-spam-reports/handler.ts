import { spamIntakeDeps } from '../../shared/adapters/sqs/spam-report-queue.js';
import { submitSpamReports } from '../../shared/domain/spam/report-intake.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/spam-and-cases.js';
import { validateSpamReport } from '../../shared/schemas/spam.js';

/** A queue that does not take the reports leaves as a 503 with Retry-After (shared/http/problem.ts). */
export const handler = httpHandler(
  routes.submitSpamReports,
  async ({ body }, deps) => ({
    status: 202,
    body: await submitSpamReports(deps, body.reports, validateSpamReport),
  }),
  { deps: spamIntakeDeps },
);

import { spamIntakeDeps } from '../../shared/adapters/sqs/spam-report-queue.js';
import { QueueUnavailableError } from '../../shared/domain/spam/attribution.js';
import { submitSpamReports } from '../../shared/domain/spam/report-intake.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { logger } from '../../shared/http/logger.js';
import { problem } from '../../shared/http/problem.js';
import * as routes from '../../shared/http/routes/spam-and-cases.js';

/** Seconds a monitor feed should wait before retrying the whole call after a 503. */
const RETRY_AFTER_SECONDS = 5;

export const handler = httpHandler(
  routes.submitSpamReports,
  async ({ body }, deps) => {
    try {
      const result = await submitSpamReports(deps, body.reports);
      return { status: 202, body: result };
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      logger.error('spam reports not queued', { error: error.message });
      return {
        status: 503,
        headers: { 'content-type': 'application/problem+json', 'retry-after': String(RETRY_AFTER_SECONDS) },
        body: problem(
          503,
          'the reports could not be queued; none was accepted. Retry the whole call: reports are recorded once by reportId',
        ),
      };
    }
  },
  { deps: spamIntakeDeps },
);

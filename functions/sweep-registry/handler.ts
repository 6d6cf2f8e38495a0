import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { compose, corePorts, lazily } from '../../shared/adapters/deps.js';
import { sanctionAdapters } from '../../shared/adapters/sanction-adapters.js';
import { workflowPorts } from '../../shared/adapters/sfn/review-workflow.js';
import { sweepRegistry } from '../../shared/domain/time/daily-sweep.js';
import { logger } from '../../shared/http/logger.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

/** DynamoDB, the workflows (to redrive reviews) and the notice outbox. */
const sweepPorts = lazily(() => compose(corePorts(), workflowPorts(), sanctionAdapters()));

const metrics = new Metrics({ namespace: 'BulkTextRegistry' });

/** The daily sweep (EventBridge Scheduler, 00:00 Asia/Seoul): the backstop for every deadline. */
export const handler = taskHandler(
  'sweep-registry',
  z.unknown(),
  async (_event, deps) => {
    const report = await sweepRegistry(deps);
    logger.info('sweep finished', { ...report });
    metrics.addMetric('SweepEnforced', MetricUnit.Count, report.changed);
    metrics.addMetric('SweepReviewsRedriven', MetricUnit.Count, report.reviewsStarted);
    metrics.addMetric('SweepNoticesRedriven', MetricUnit.Count, report.noticesRedriven);
    metrics.publishStoredMetrics();
    // Staff lateness pages someone, one alarm per kind of work (the reseller is never touched).
    for (const [kind, count] of Object.entries(report.workEscalated)) {
      if (count === 0) continue;
      const perKind = metrics.singleMetric();
      perKind.addDimension('kind', kind);
      perKind.addMetric('WorkItemEscalated', MetricUnit.Count, count);
    }
    return report;
  },
  sweepPorts,
);

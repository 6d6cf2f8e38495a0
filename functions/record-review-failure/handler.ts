import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { recordFailure } from '../../shared/domain/review/workflow-steps.js';
import { failureInput } from '../../shared/workflow/review-inputs.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

const metrics = new Metrics({ namespace: 'BulkTextRegistry' });

export const handler = taskHandler(
  'record-review-failure',
  failureInput,
  async ({ applicationId, error }, deps) => {
    await recordFailure(deps, { applicationId, error: error.Error });
    metrics.addMetric('ReviewWorkflowFailed', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    return { recorded: true };
  },
);

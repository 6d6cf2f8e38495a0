import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { escalate } from '../../shared/domain/review/workflow-steps.js';
import { escalateInput } from '../../shared/workflow/review-inputs.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

const metrics = new Metrics({ namespace: 'BulkTextRegistry' });

/** A staff deadline passed: the metric feeds the CloudWatch alarm; the application stays open. */
export const handler = taskHandler('escalate-review-step', escalateInput, async (input, deps) => {
  const result = await escalate(deps, input);
  metrics.addDimension('step', input.step);
  metrics.addMetric('ReviewStepEscalated', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  return result;
});

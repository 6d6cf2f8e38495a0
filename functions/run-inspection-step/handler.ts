import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { compose, corePorts, lazily } from '../../shared/adapters/deps.js';
import { RecordingNotifier } from '../../shared/adapters/dynamodb/notifier.js';
import { snsPublisher } from '../../shared/adapters/sns/notification-publisher.js';
import { runInspectionStep } from '../../shared/domain/inspections/inspection-steps.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

const input = z.object({
  inspectionId: z.string().min(1).max(100),
  step: z.object({ action: z.enum(['OPEN', 'ESCALATE']), at: z.string() }),
});

const metrics = new Metrics({ namespace: 'BulkTextRegistry' });

/** Reminders are recorded and, in AWS, published to SNS for e-mail/SMS. */
const inspectionStepPorts = lazily(() =>
  compose(corePorts(), { notifier: new RecordingNotifier(snsPublisher()) }),
);

/** An overdue inspection feeds the alarm (staff are late); the reseller's eligibility is untouched. */
export const handler = taskHandler(
  'run-inspection-step',
  input,
  async ({ inspectionId, step }, deps) => {
    const result = await runInspectionStep(deps, inspectionId, step);
    if (result.escalated) {
      metrics.addMetric('InspectionEscalated', MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    }
    return result;
  },
  inspectionStepPorts,
);

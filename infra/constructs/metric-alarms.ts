import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { escalatedWorkKinds } from '../../shared/domain/work-queues/escalation.js';
import { humanStepSchema } from '../../shared/workflow/review-inputs.js';
import { ALARM_PERIOD, type Operations } from './operations.js';

/** One metric a handler emits with Powertools Metrics (EMF) that should page someone. */
export interface CustomMetricAlarmDef {
  metricName: string;
  /** The function emitting it (functions/<name>/handler.ts). */
  emittedBy: string;
  /**
   * The dimensions the handler adds besides Powertools' `service`, one alarm per set: CloudWatch
   * matches dimensions exactly, and alarms cannot use SEARCH, so every combination is listed.
   */
  dimensionSets: readonly Record<string, string>[];
  describe: (dimensions: Record<string, string>) => string;
}

export const customMetricAlarms: readonly CustomMetricAlarmDef[] = [
  {
    metricName: 'ReviewStepEscalated',
    emittedBy: 'escalate-review-step',
    dimensionSets: humanStepSchema.options.map((step) => ({ step })),
    describe: ({ step }) =>
      `A certification review passed its staff deadline at ${step}; the application waits for staff.`,
  },
  {
    metricName: 'ReviewWorkflowFailed',
    emittedBy: 'record-review-failure',
    dimensionSets: [{}],
    describe: () => 'A certification review workflow failed and was recorded on the application.',
  },
  {
    metricName: 'InspectionEscalated',
    emittedBy: 'run-inspection-step',
    dimensionSets: [{}],
    describe: () =>
      'An inspection passed its due date without a result; it went to the committee queue. The reseller’s eligibility is unchanged.',
  },
  {
    metricName: 'WorkItemEscalated',
    emittedBy: 'sweep-registry',
    dimensionSets: escalatedWorkKinds.map((kind) => ({ kind })),
    describe: ({ kind }) =>
      `A ${kind} passed its staff due time undecided; it went back to the committee queue. The reseller’s eligibility is unchanged.`,
  },
];

export interface MetricAlarmsProps {
  defs: readonly CustomMetricAlarmDef[];
  /** POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME of the functions. */
  namespace: string;
  serviceName: string;
  operations: Operations;
}

/**
 * Alarms on the app's own metrics: Powertools adds the `service` dimension (POWERTOOLS_SERVICE_NAME)
 * to every metric, so each alarm names it along with the handler's own dimensions. Any occurrence
 * in a minute fires.
 */
export class MetricAlarms extends Construct {
  constructor(scope: Construct, id: string, props: MetricAlarmsProps) {
    super(scope, id);
    for (const def of props.defs) {
      for (const dimensions of def.dimensionSets) {
        const suffix = Object.values(dimensions)
          .map((v) => v.toLowerCase().replace(/_/g, '-'))
          .join('-');
        const name = [kebab(def.metricName), suffix].filter(Boolean).join('-');
        props.operations.alarm(this, name, {
          name,
          description: def.describe(dimensions),
          metric: new cloudwatch.Metric({
            namespace: props.namespace,
            metricName: def.metricName,
            dimensionsMap: { service: props.serviceName, ...dimensions },
            statistic: 'Sum',
            period: ALARM_PERIOD,
          }),
        });
      }
    }
  }
}

const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

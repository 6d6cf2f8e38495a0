import { Duration } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TableAccess } from '../../shared/http/routes.js';
import type { QueueDef, StreamConsumerDef } from '../../shared/topology.js';
import { AppFunction } from './app-function.js';
import { consumerTimeout } from './message-queues.js';
import type { RegistryTables } from './registry-tables.js';

export interface ConsumerFunctionsProps {
  queues: readonly QueueDef[];
  streamConsumers: readonly StreamConsumerDef[];
  tables: RegistryTables;
  environment: Record<string, string>;
  memorySize: (fn: string) => number;
  /** Stream consumers' timeout; queue consumers' comes from their queue (`consumerTimeout`). */
  streamTimeout: Duration;
  logRetention: logs.RetentionDays;
}

const ACCESS_RANK: Record<TableAccess, number> = { none: 0, read: 1, readwrite: 2 };

/**
 * The functions that are neither routes nor workflow tasks: SQS queue consumers and DynamoDB
 * stream consumers, one Lambda per distinct name (a function consuming several sources is
 * deployed once). Table access is what their queue and stream definitions declare; a stream
 * consumer reads its records from the stream (granted with its event source) and gets table access
 * only where its definition asks for it.
 */
export class ConsumerFunctions extends Construct {
  readonly byName: ReadonlyMap<string, AppFunction>;

  constructor(scope: Construct, id: string, props: ConsumerFunctionsProps) {
    super(scope, id);
    const names = [
      ...new Set([...props.queues.map((q) => q.consumer), ...props.streamConsumers.map((s) => s.function)]),
    ];
    const byName = new Map<string, AppFunction>();
    for (const name of names) {
      const consumed = props.queues.filter((q) => q.consumer === name);
      const streams = props.streamConsumers.filter((s) => s.function === name);
      const timeouts = [
        ...(consumed.length > 0 ? [consumerTimeout(consumed)] : []),
        ...(streams.length > 0 ? [props.streamTimeout] : []),
      ];
      const fn = new AppFunction(this, name, {
        entry: `functions/${name}/handler.ts`,
        // Lambda descriptions hold 256 characters.
        description: [
          ...consumed.map((q) => `Consumes ${q.name}: ${q.description}`),
          ...streams.map((s) => s.description),
        ]
          .join('; ')
          .slice(0, 256),
        memorySize: props.memorySize(name),
        timeout: Duration.seconds(Math.min(...timeouts.map((t) => t.toSeconds()))),
        logRetention: props.logRetention,
        environment: props.environment,
      });
      const access = [...consumed.map((q) => q.table), ...streams.map((s) => s.table ?? 'none')].reduce(
        (a, b) => (ACCESS_RANK[b] > ACCESS_RANK[a] ? b : a),
        'none' as TableAccess,
      );
      props.tables.grantAccess(fn.function, 'registry', access);
      byName.set(name, fn);
    }
    this.byName = byName;
  }
}

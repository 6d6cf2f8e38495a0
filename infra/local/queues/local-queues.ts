import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { startFauxqs } from 'fauxqs';
import { queueUrlEnvName } from '../../../shared/adapters/sqs/client.js';
import { type QueueDef, queues as topologyQueues } from '../../../shared/topology.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../dynamodb-local.js';
import { createQueues } from './create-queues.js';
import {
  type SqsEventSource,
  type SqsEventSourceOptions,
  startSqsEventSource,
} from './event-source-mapping.js';

/** Resolves a function folder's handler (e.g. the gateway's `importHandler`). Any event type. */
export type QueueHandlerLoader = (
  functionName: string,
) => Promise<(event: never, context: Context) => Promise<unknown>>;

export interface LocalQueuesOptions {
  /** An SQS endpoint to use; default: start fauxqs in process on an ephemeral port. */
  sqsEndpoint?: string;
  /** Loads each queue's consumer (`QueueDef.consumer`). */
  loadHandler: QueueHandlerLoader;
  /** Queue name prefix, when several runtimes share one endpoint. */
  prefix?: string;
  /** Default: shared/topology.ts `queues`. */
  queues?: readonly QueueDef[];
  /** Local tuning over the topology values, e.g. `{maxBatchingWindowSeconds: 0}` for fast tests. */
  overrides?: Partial<
    Pick<QueueDef, 'batchSize' | 'maxBatchingWindowSeconds' | 'visibilityTimeoutSeconds' | 'maxConcurrency'>
  >;
  /** Write SQS_ENDPOINT and QUEUE_URL_<NAME> into process.env (default true). */
  setEnv?: boolean;
  onError?: SqsEventSourceOptions['onError'];
}

export interface LocalQueues {
  endpoint: string;
  /** By topology name: `{'spam-reports': 'http://sqs.ap-northeast-2.localhost:.../spam-reports'}`. */
  queueUrls: Record<string, string>;
  dlqUrls: Record<string, string>;
  /** What the functions need: SQS_ENDPOINT and QUEUE_URL_<NAME> per queue. */
  env: Record<string, string>;
  client: SQSClient;
  sources: Record<string, SqsEventSource>;
  /** Resolves once every queue is empty and no batch is in hand. */
  drain(opts?: { timeoutMs?: number }): Promise<void>;
  /** Stops the pollers, then fauxqs if it was started here. */
  stop(): Promise<void>;
}

/**
 * SQS for the local runtime: fauxqs (unless an endpoint is given), the topology's queues with
 * their DLQs and redrive policies, and one event-source-mapping poller per queue invoking its
 * consumer. Call it after the DynamoDB environment is bound and before the first request, so
 * that functions read SQS_ENDPOINT / QUEUE_URL_<NAME> at their cold start.
 */
export async function startLocalQueues(opts: LocalQueuesOptions): Promise<LocalQueues> {
  const fauxqs = opts.sqsEndpoint
    ? undefined
    : await startFauxqs({ port: 0, logger: false, host: 'localhost', defaultRegion: LOCAL_REGION });
  const endpoint = opts.sqsEndpoint ?? fauxqs!.address;
  const client = new SQSClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const sources: Record<string, SqsEventSource> = {};
  try {
    const defs = opts.queues ?? topologyQueues;
    const created = await createQueues(client, defs, opts.prefix ? { prefix: opts.prefix } : {});
    const env: Record<string, string> = { SQS_ENDPOINT: endpoint };
    for (const q of Object.values(created)) env[queueUrlEnvName(q.def.name)] = q.url;
    if (opts.setEnv ?? true) Object.assign(process.env, env);

    for (const q of Object.values(created)) {
      const tuned = { ...q.def, ...opts.overrides };
      sources[q.def.name] = startSqsEventSource({
        client,
        queueUrl: q.url,
        handler: await opts.loadHandler(q.def.consumer),
        functionName: q.def.consumer,
        batchSize: tuned.batchSize,
        maxBatchingWindowSeconds: tuned.maxBatchingWindowSeconds,
        visibilityTimeoutSeconds: tuned.visibilityTimeoutSeconds,
        maxConcurrency: tuned.maxConcurrency,
        ...(opts.onError ? { onError: opts.onError } : {}),
      });
    }
    let stopping: Promise<void> | undefined;
    return {
      endpoint,
      queueUrls: Object.fromEntries(Object.values(created).map((q) => [q.def.name, q.url])),
      dlqUrls: Object.fromEntries(Object.values(created).map((q) => [q.def.name, q.dlqUrl])),
      env,
      client,
      sources,
      async drain(drainOpts = {}) {
        await Promise.all(Object.values(sources).map((s) => s.drain(drainOpts)));
      },
      stop() {
        stopping ??= (async () => {
          await Promise.all(Object.values(sources).map((s) => s.stop()));
          client.destroy();
          await fauxqs?.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await Promise.all(Object.values(sources).map((s) => s.stop()));
    client.destroy();
    await fauxqs?.stop();
    throw error;
  }
}

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { businessClock } from '../../shared/adapters/clock.js';
import { dynamoClient } from '../../shared/adapters/dynamodb/client.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/config/service.js';
import type { RouteDef } from '../../shared/http/routes.js';
import { instantTriggerTarget, schedules, streamConsumers } from '../../shared/topology.js';
import { createConsoleSite } from './console-site.js';
import { type DynamoDbLocal, LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from './dynamodb-local.js';
import { LocalStartupError } from './errors.js';
import { createGateway } from './gateway.js';
import { buildContext, type HandlerLoader, importHandler } from './lambda-handlers.js';

/** Workflow tasks and scheduled functions get Lambda's longest timeout. */
const TASK_TIMEOUT_MS = 900_000;
/** Longest batching window of a local stream consumer (deployed windows can be far longer). */
const LOCAL_MAX_BATCHING_WINDOW_MS = 1_000;

import { type LocalTokenClaims, loadOrCreateKeys, mintLocalToken } from './keys.js';
import { type LocalRelays, startLocalRelays } from './local-relays.js';
import { repoRoot } from './paths.js';
import { type LocalQueues, startLocalQueues } from './queues/local-queues.js';
import type { ReceiverLogLine, RelayReceiver } from './relay-receivers.js';
import { type LocalScheduler, startLocalScheduler } from './scheduler.js';
import { type OneTimeSchedules, startOneTimeSchedules } from './schedules/one-time-schedules.js';
import { entityFilter, type StreamConsumer, startStreamConsumer } from './streams/stream-poller.js';
import { onWritesThrough } from './streams/write-wake.js';
import { createTables, type LocalTableNames } from './tables.js';
import type { LocalStepFunctions } from './workflows/engine.js';
import { type LocalWorkflows, startLocalWorkflows } from './workflows/local-workflows.js';

export interface LocalRuntimeOptions {
  /** 0 = ephemeral; default 3000. */
  port?: number;
  host?: '127.0.0.1' | (string & {});
  /** Keep DynamoDB Local's data in this directory (default: in memory). */
  persistDir?: string;
  /** Reuse a running DynamoDB Local instead of spawning one (tests share one per run). */
  dynamodbEndpoint?: string;
  /** Physical tables are `${tablePrefix}-registry` / `${tablePrefix}-idempotency`; default random per process. */
  tablePrefix?: string;
  keyDir?: string;
  /** No request log lines. */
  quiet?: boolean;
  /** Tests: fake handlers instead of functions/<fn>/handler.ts. */
  loadHandler?: HandlerLoader;
  /** Tests: replace the reference-data seed (default: shared/adapters/seed.ts `seedRegistry`). */
  seed?: () => Promise<void>;
  routes?: readonly RouteDef[];
  /** Serve the built console at /console/ with the local sign-in (default true). */
  console?: boolean;
  /**
   * Run a verifying receiver per seeded relay and point the relays' webhooks at them (default false;
   * `npm start` turns it on unless `--no-relays`).
   */
  relays?: boolean;
  /** Where the receivers' one line per notice goes (default: stdout). */
  relayLog?: (line: ReceiverLogLine) => void;
}

export interface LocalRuntime {
  url: string;
  port: number;
  dynamodbEndpoint: string;
  tablePrefix: string;
  tables: LocalTableNames;
  /** A token the gateway accepts (same claims as `npm run token`). */
  mintToken(claims: LocalTokenClaims): Promise<string>;
  /** The local Step Functions engine running the ASL files (tests inspect executions). */
  workflows: LocalStepFunctions;
  /** The SQS emulator and the pollers playing the event source mappings (tests drain them). */
  queues: LocalQueues;
  /** Resolves once the stream consumers and the queues have handled everything written so far. */
  drain(timeoutMs?: number): Promise<void>;
  /** Fires whatever is due on the business clock now (Wait states, timeouts, schedules, instant triggers). */
  tick(): Promise<void>;
  /** The per-reseller one-time schedules (EventBridge Scheduler, locally) not fired yet. */
  instantTriggers: OneTimeSchedules;
  /** The local relays' receivers (`relays: true`), one per seeded relay; empty otherwise. */
  relays: RelayReceiver[];
  /** Closes the server (and open connections) and the DynamoDB Local it spawned. */
  stop(): Promise<void>;
}

/**
 * Handlers read their environment once per process (cold start) and cache their clients, so one
 * process serves one set of tables against one DynamoDB endpoint, as one Lambda environment does.
 */
let binding: { endpoint: string; tablePrefix: string } | undefined;

function bindEnvironment(
  endpoint: string,
  tablePrefix: string,
  tables: LocalTableNames,
  extra: Record<string, string> = {},
) {
  if (binding && (binding.tablePrefix !== tablePrefix || binding.endpoint !== endpoint)) {
    throw new LocalStartupError(
      'RUNTIME_CONFLICT',
      `this process already ran a local runtime on tables ${binding.tablePrefix}-* at ${binding.endpoint}; ` +
        'handlers keep their environment for the life of the process, so reuse that tablePrefix and endpoint ' +
        '(or start the other runtime in another process)',
    );
  }
  binding = { endpoint, tablePrefix };
  Object.assign(process.env, {
    TABLE_NAME: tables.registry,
    IDEMPOTENCY_TABLE_NAME: tables.idempotency,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    STAGE: 'local',
    // As CDK sets them on every function: without them, metrics say "service_undefined".
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    ...extra,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

async function defaultSeed(): Promise<void> {
  const mod = (await import(pathToFileURL(join(repoRoot, 'shared', 'adapters', 'seed.ts')).href)) as {
    seedRegistry?: () => Promise<void>;
  };
  if (typeof mod.seedRegistry !== 'function')
    throw new Error('shared/adapters/seed.ts does not export seedRegistry');
  await mod.seedRegistry();
}

function randomPrefix(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

/**
 * The whole system on one machine: DynamoDB Local with the shared table definitions, seeded
 * reference data, and the local gateway serving the route table with the real handlers.
 */
export async function startLocalRuntime(opts: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const port = opts.port ?? 3000;
  const host = opts.host ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new LocalStartupError('BAD_CONFIG', `port must be an integer 0-65535, not ${port}`);
  }
  const tablePrefix = opts.tablePrefix ?? binding?.tablePrefix ?? randomPrefix();
  if (!/^[A-Za-z0-9_.-]{1,200}$/.test(tablePrefix)) {
    throw new LocalStartupError(
      'BAD_CONFIG',
      `tablePrefix may use letters, digits, _ . - only: ${tablePrefix}`,
    );
  }
  const keys = await loadOrCreateKeys(opts.keyDir);

  let markReady!: () => void;
  let markFailed!: (e: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  ready.catch(() => {});
  const gateway = createGateway({
    keys,
    ready,
    quiet: opts.quiet ?? false,
    ...(opts.loadHandler ? { loadHandler: opts.loadHandler } : {}),
    ...(opts.routes ? { routes: opts.routes } : {}),
    functionName: (route) => `${tablePrefix}-${route.function}`,
    ...(opts.console !== false ? { site: createConsoleSite({ keys }) } : {}),
  });
  // Bind the port first: a taken port fails in milliseconds, before Java starts.
  const { port: boundPort, url } = await gateway.listen(port, host);

  let dynamo: DynamoDbLocal | undefined;
  let client: DynamoDBClient | undefined;
  let workflows: LocalWorkflows | undefined;
  let scheduler: LocalScheduler | undefined;
  let oneTime: OneTimeSchedules | undefined;
  let stopTriggers: (() => void) | undefined;
  let queues: LocalQueues | undefined;
  let relays: LocalRelays | undefined;
  const streams: StreamConsumer[] = [];
  let stopWakes: (() => void) | undefined;
  try {
    let endpoint = opts.dynamodbEndpoint;
    if (!endpoint) {
      dynamo = await startDynamoDbLocal(opts.persistDir ? { persistDir: opts.persistDir } : {});
      endpoint = dynamo.endpoint;
    }
    client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const tables = await createTables(client, tablePrefix).catch((e: Error) => {
      throw opts.dynamodbEndpoint
        ? new LocalStartupError(
            'DYNAMODB_START_FAILED',
            `DynamoDB at ${endpoint} did not answer: ${e.message}`,
          )
        : e;
    });
    // The workflows (the same ASL files CDK deploys) and the schedules, on the business clock.
    workflows = await startLocalWorkflows({
      clock: businessClock,
      region: LOCAL_REGION,
      loadTask: async (fn) => {
        const handler = await importHandler(fn);
        return (payload) => handler(payload as never, buildContext(fn, TASK_TIMEOUT_MS));
      },
    });
    // EventBridge Scheduler's one-time schedules (the per-reseller instant triggers), on the business clock.
    oneTime = await startOneTimeSchedules({
      invoke: async (fn, event) =>
        (await importHandler(fn))(event as never, buildContext(fn, TASK_TIMEOUT_MS)),
      onError: (name, error) =>
        console.error(JSON.stringify({ level: 'ERROR', trigger: name, error: String(error) })),
    });
    bindEnvironment(endpoint, tablePrefix, tables, {
      SFN_ENDPOINT: workflows.endpoint,
      ...workflows.env,
      SCHEDULER_ENDPOINT: oneTime.endpoint,
      INSTANT_TRIGGER_GROUP: 'local-instants',
      INSTANT_TRIGGER_TARGET_ARN: `arn:aws:lambda:${LOCAL_REGION}:000000000000:function:${instantTriggerTarget}`,
      INSTANT_TRIGGER_ROLE_ARN: 'arn:aws:iam::000000000000:role/local-instant-triggers',
      // Attestation and checkpoint keys live beside the local token key.
      LOCAL_SIGNING_KEY_DIR: keys.dir,
      // An attestation's `iss` is where its JWKS is served: `<iss>/.well-known/jwks.json`.
      ATTESTATION_ISSUER: url,
    });
    // SQS on the emulator, with one event-source-mapping poller per topology queue.
    queues = await startLocalQueues({
      loadHandler: importHandler,
      prefix: tablePrefix,
      // Partial batch failures are the retry mechanism (a relay down, say), not a runtime fault.
      onError: (error) =>
        console.error(
          JSON.stringify({ level: 'WARN', msg: 'queue batch left for retry', error: String(error) }),
        ),
    });
    // The table's stream consumers (the outbox relay, spam counting), read as Lambda's event source
    // mapping would; batching windows are capped so that a person trying things sees results soon.
    for (const c of streamConsumers) {
      streams.push(
        await startStreamConsumer({
          dynamodbEndpoint: endpoint,
          tableName: tables.registry,
          handler: await importHandler(c.function),
          batchSize: c.batchSize,
          batchingWindowMs: Math.min((c.maxBatchingWindowSeconds ?? 0) * 1000, LOCAL_MAX_BATCHING_WINDOW_MS),
          pollMs: 25,
          // Idle, a stream is read four times a second; a write committed here wakes it at once.
          idlePollMs: 250,
          filter: entityFilter(c.entities, c.eventNames),
          functionName: c.function,
          region: LOCAL_REGION,
          credentials: LOCAL_CREDENTIALS,
        }),
      );
    }
    // The process's DynamoDB client (every function here writes through it) wakes the stream consumers.
    stopWakes = onWritesThrough(dynamoClient(), () => {
      for (const c of streams) c.wake();
    });
    await (opts.seed ?? defaultSeed)();
    if (opts.relays) relays = await startLocalRelays(opts.relayLog);
    const engine = workflows.engine;
    scheduler = startLocalScheduler({
      clock: businessClock,
      schedules,
      invoke: async (fn, event) =>
        (await importHandler(fn))(event as never, buildContext(fn, TASK_TIMEOUT_MS)),
      onError: (name, error) =>
        console.error(JSON.stringify({ level: 'ERROR', schedule: name, error: String(error) })),
    });
    // Due triggers fire at once when the clock moves past them, and on a short timer as time runs.
    const triggers = oneTime;
    const fireTriggers = () => void triggers.fireDue(businessClock.now());
    const unsubscribe = businessClock.onChange(fireTriggers);
    const triggerTimer = setInterval(fireTriggers, 250);
    triggerTimer.unref();
    stopTriggers = () => {
      unsubscribe();
      clearInterval(triggerTimer);
    };
    markReady();

    let stopping: Promise<void> | undefined;
    const dynamodbEndpoint = endpoint;
    return {
      url,
      port: boundPort,
      dynamodbEndpoint,
      tablePrefix,
      tables,
      mintToken: (claims) => mintLocalToken(claims, { keys }),
      workflows: engine,
      queues: queues!,
      async drain(timeoutMs = 30_000) {
        // Stream first (it feeds the fan-out queue), then the queues, then the stream again.
        for (const c of streams) await c.drain({ timeoutMs });
        await queues!.drain({ timeoutMs });
        for (const c of streams) await c.drain({ timeoutMs });
      },
      async tick() {
        engine.tick();
        await scheduler?.tick();
        await triggers.fireDue(businessClock.now());
      },
      instantTriggers: triggers,
      relays: relays?.receivers ?? [],
      stop() {
        stopping ??= (async () => {
          await gateway.close();
          await relays?.stop();
          stopTriggers?.();
          await scheduler?.stop();
          await oneTime?.close();
          stopWakes?.();
          await Promise.all(streams.map((c) => c.stop()));
          await queues?.stop();
          await workflows?.close();
          client?.destroy();
          await dynamo?.stop();
        })();
        return stopping;
      },
    };
  } catch (e) {
    markFailed(e);
    await relays?.stop();
    stopTriggers?.();
    await scheduler?.stop();
    await oneTime?.close();
    stopWakes?.();
    await Promise.all(streams.map((c) => c.stop()));
    await queues?.stop();
    await workflows?.close();
    await gateway.close();
    client?.destroy();
    await dynamo?.stop();
    throw e;
  }
}

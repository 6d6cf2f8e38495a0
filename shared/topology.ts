import type { TableAccess } from './http/routes.js';

/**
 * Everything besides HTTP routes that CDK deploys and the local runtime runs: the functions the
 * workflows invoke and the state machines themselves. CDK and `npm start` both read this table.
 */
export interface TaskFunctionDef {
  /** Folder under functions/ (verb-noun) holding `handler.ts`. */
  function: string;
  description: string;
  table: TableAccess;
}

export interface StateMachineDef {
  /** Logical name; locally also the state machine name in its ARN. */
  name: string;
  /** ASL file under statemachines/ (JSONPath; `${Token}` substitutions). */
  file: string;
  /** Each `${Token}` in the file and the function whose ARN fills it. */
  functionArns: Record<string, string>;
  /** HTTP functions that start, signal or stop executions (they get REVIEW_STATE_MACHINE_ARN and grants). */
  drivenBy: readonly string[];
  /** Env var that carries this state machine's ARN to the functions that drive it. */
  arnEnv: string;
}

export const taskFunctions: readonly TaskFunctionDef[] = [
  {
    function: 'screen-application',
    description: 'Automated screening of an application',
    table: 'readwrite',
  },
  {
    function: 'open-review-step',
    description: 'Opens a human review step with its task token',
    table: 'readwrite',
  },
  {
    function: 'finalize-application',
    description: 'Ends an application; issues the certificate',
    table: 'readwrite',
  },
  {
    function: 'escalate-review-step',
    description: 'Records a missed staff deadline (alarm)',
    table: 'readwrite',
  },
  { function: 'record-review-failure', description: 'Records a failed review workflow', table: 'readwrite' },
  {
    function: 'fire-instant-trigger',
    description:
      "Commits a reseller's time-driven changes at their instants (its one-time schedule's target)",
    table: 'readwrite',
  },
  { function: 'plan-grace-step', description: 'Plans the next grace-period step from policy', table: 'read' },
  { function: 'run-grace-step', description: 'Sends a reminder or enforces a deadline', table: 'readwrite' },
  {
    function: 'plan-inspection-step',
    description: 'Plans the next step of an inspection (open, escalate, done)',
    table: 'read',
  },
  {
    function: 'run-inspection-step',
    description: 'Opens an inspection with a reminder, or escalates an overdue one',
    table: 'readwrite',
  },
  {
    function: 'plan-renewal-step',
    description: 'Plans the next step of a certificate’s renewal timeline (reminder, end)',
    table: 'read',
  },
  {
    function: 'run-renewal-step',
    description: 'Sends a renewal reminder, or announces a certificate’s end at its instant',
    table: 'readwrite',
  },
  {
    function: 'sweep-registry',
    description: 'Daily backstop: enforce due deadlines, redrive reviews',
    table: 'readwrite',
  },
];

/** Schedules (EventBridge Scheduler in AWS; the local runtime fires them on the business clock). */
export interface ScheduleDef {
  name: string;
  /** EventBridge Scheduler cron: minutes hours day-of-month month day-of-week year. */
  cron: string;
  timezone: string;
  function: string;
  description: string;
}

export const schedules: readonly ScheduleDef[] = [
  {
    name: 'daily-sweep',
    cron: '0 0 * * ? *',
    timezone: 'Asia/Seoul',
    function: 'sweep-registry',
    description: 'Enforce every deadline, certificate end, sanction end and inspection due that has passed',
  },
];

export const stateMachines: readonly StateMachineDef[] = [
  {
    name: 'certification-review',
    file: 'statemachines/certification-review.asl.json',
    functionArns: {
      ScreenApplicationFunctionArn: 'screen-application',
      OpenReviewStepFunctionArn: 'open-review-step',
      FinalizeApplicationFunctionArn: 'finalize-application',
      EscalateReviewStepFunctionArn: 'escalate-review-step',
      RecordReviewFailureFunctionArn: 'record-review-failure',
    },
    drivenBy: [
      'sweep-registry',
      'submit-application',
      'review-application',
      'record-inspection',
      'decide-application',
      'supplement-application',
      'withdraw-application',
      // A rejection cancelled on objection reopens the committee step.
      'decide-objection',
    ],
    arnEnv: 'REVIEW_STATE_MACHINE_ARN',
  },
  {
    name: 'grace-period',
    file: 'statemachines/grace-period.asl.json',
    functionArns: {
      PlanGraceStepFunctionArn: 'plan-grace-step',
      RunGraceStepFunctionArn: 'run-grace-step',
    },
    drivenBy: ['import-existing-resellers'],
    arnEnv: 'GRACE_STATE_MACHINE_ARN',
  },
  {
    name: 'inspection',
    file: 'statemachines/inspection.asl.json',
    functionArns: {
      PlanInspectionStepFunctionArn: 'plan-inspection-step',
      RunInspectionStepFunctionArn: 'run-inspection-step',
    },
    // Issuance schedules the first visit; a result or a committee decision schedules the next.
    drivenBy: ['finalize-application', 'record-inspection-result', 'decide-inspection'],
    arnEnv: 'INSPECTION_STATE_MACHINE_ARN',
  },
  {
    name: 'renewal',
    file: 'statemachines/renewal.asl.json',
    functionArns: {
      PlanRenewalStepFunctionArn: 'plan-renewal-step',
      RunRenewalStepFunctionArn: 'run-renewal-step',
    },
    drivenBy: ['finalize-application'],
    arnEnv: 'RENEWAL_STATE_MACHINE_ARN',
  },
];

/** SQS queues with a Lambda consumer (an event source mapping in AWS, a local poller locally). */
export interface QueueDef {
  name: string;
  /** The consumer function (folder under functions/). */
  consumer: string;
  description: string;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  visibilityTimeoutSeconds: number;
  /** Receives before a message goes to the queue's DLQ (which has an alarm). */
  maxReceiveCount: number;
  /** Bounded concurrency of the consumer. */
  maxConcurrency: number;
  /** Functions that send to it (they get its URL in QUEUE_URL_<NAME> and a send grant). */
  producers: readonly string[];
  table: TableAccess;
}

/** DynamoDB stream readers: each is one event source mapping on the registry table's stream. */
export interface StreamConsumerDef {
  function: string;
  description: string;
  batchSize: number;
  /** Only items of these entity types reach the function (an event filter in AWS). */
  entities: readonly string[];
  /** Only these changes reach the function (default: all). */
  eventNames?: readonly ('INSERT' | 'MODIFY' | 'REMOVE')[];
  /** Seconds the mapping may wait to fill a batch (default 0). */
  maxBatchingWindowSeconds?: number;
  /** Seconds behind the stream above which it is late: its iterator-age alarm (default: the stage's). */
  maxLagSeconds?: number;
  /**
   * Split a batch whose invocation failed to isolate a poison record (default true). Off where a
   * batch's identity is its first record (a retried batch must start where the failed one did).
   */
  bisectOnError?: boolean;
  /** Queues it sends to. */
  sendsTo: readonly string[];
  /** Table access beyond reading the stream (default none). */
  table?: TableAccess;
  /** It plans the per-reseller instant triggers (EventBridge Scheduler grants and settings). */
  plansInstantTriggers?: boolean;
}

/** The function that reads the registry table's stream for its in-process consumers (below). */
export const registryStreamReader = 'dispatch-registry-stream';

// ── the spam and sanctions capabilities add their queues and stream consumers here ──
export const queues: readonly QueueDef[] = [
  {
    name: 'spam-reports',
    consumer: 'consume-spam-reports',
    description: 'Validated spam reports, up to 100 per message: attributed, counted and turned into cases',
    batchSize: 10,
    maxBatchingWindowSeconds: 5,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
    maxConcurrency: 5,
    producers: ['submit-spam-reports'],
    table: 'readwrite',
  },
  {
    name: 'notice-fanout',
    consumer: 'deliver-notice',
    description:
      'One message per notice to a relay: signed webhook delivery; retries hold the message back with ChangeMessageVisibility (5 s ... 12 h)',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    visibilityTimeoutSeconds: 60,
    // 11 attempts (shared/domain/notices/delivery.ts) plus one spare receive; exhausted notices go on to the DLQ.
    maxReceiveCount: 12,
    maxConcurrency: 10,
    producers: [registryStreamReader],
    table: 'readwrite',
  },
];
/**
 * A consumer that runs inside the registry stream's reader (functions/dispatch-registry-stream):
 * it sees only the records of its `entities` (and `eventNames`), and keeps its own failure
 * tracking, so that one consumer's failure never runs another's side effects again.
 */
export interface InProcessStreamConsumerDef {
  name: string;
  description: string;
  entities: readonly string[];
  eventNames?: readonly ('INSERT' | 'MODIFY' | 'REMOVE')[];
}

/**
 * The registry stream's consumers that share one reader. A DynamoDB stream shard serves at most two
 * readers at once (more are throttled), so the table's stream has two event source mappings: this
 * reader, and count-spam-reports, whose long batching window and batch-sized transactions fit no
 * shared batch. test/infra/messaging.test.ts holds every stream to two.
 */
export const registryStreamConsumers: readonly InProcessStreamConsumerDef[] = [
  {
    name: 'relay-outbox',
    description:
      'Outbox relay: new notice items (INSERT) and pending ones marked for re-drive (MODIFY with redriveRequestedAt) go to the notice-fanout queue',
    entities: ['notice'],
  },
  {
    name: 'append-transparency-log',
    description:
      'Transparency log writer: every change-feed entry and decision becomes a leaf (in feed order, once), then a signed checkpoint and its tiles are published',
    entities: ['change', 'application', 'sanction', 'case', 'objection', 'inspection'],
  },
  {
    name: 'plan-instant-triggers',
    description:
      'Keeps one EventBridge Scheduler trigger per reseller at its next time-driven instant (dueAt); an instant already passed is enforced at once',
    entities: ['reseller'],
  },
];

export const streamConsumers: readonly StreamConsumerDef[] = [
  {
    function: registryStreamReader,
    description:
      'Reads the registry stream once for the outbox relay, the transparency log writer and the instant-trigger planner (each with its own failure tracking)',
    batchSize: 100,
    // A change is in a published checkpoint (and a notice on its way) within 10 s: no batching
    // window, and an iterator more than 10 s behind is an alarm.
    maxLagSeconds: 10,
    entities: [...new Set(registryStreamConsumers.flatMap((c) => c.entities))],
    sendsTo: ['notice-fanout'],
    table: 'readwrite',
    plansInstantTriggers: true,
  },
  {
    function: 'count-spam-reports',
    description:
      'Counts each spam report once, from its first write (INSERT), per batch in one transaction with a batch marker; then checks the cases of the resellers it touched',
    batchSize: 1000,
    entities: ['spam-report'],
    eventNames: ['INSERT'],
    // Counters cost per batch, not per report: at the national average (~18 reports/s) a 30 s
    // window still fills batches of ~500. A case opens at most this much later.
    maxBatchingWindowSeconds: 30,
    bisectOnError: false,
    sendsTo: [],
    table: 'readwrite',
  },
];

/**
 * The target of every reseller's one-time trigger: commits the changes due at its instant. A task
 * function (deployed with the workflows); its schedules are made at run time by the planner above.
 */
export const instantTriggerTarget = 'fire-instant-trigger';

import type { RunOptions, StateMachine } from 'aws-local-stepfunctions';

// ---------------------------------------------------------------------------------------------------------
// Public types (re-exported by engine.ts)

export interface BusinessClockLike {
  now(): Date;
}

export type LocalLambda = (payload: unknown) => Promise<unknown>;

export interface LocalStateMachineSource {
  /** ASL JSON text with `${Token}` placeholders, exactly as in `statemachines/*.asl.json`. */
  definition: string;
  /** Like CloudFormation DefinitionSubstitutions: each `${Key}` becomes the value, verbatim. */
  substitutions: Record<string, string>;
}

export interface LocalStepFunctionsOptions {
  clock: BusinessClockLike;
  /** Lambda functions by function name (the last part of `arn:aws:lambda:<region>:<acct>:function:<name>`). */
  lambdas: Record<string, LocalLambda>;
  stateMachines: Record<string, LocalStateMachineSource>;
  /** Used in ARNs. Default `ap-northeast-2`. */
  region?: string;
  /** Used in ARNs. Default `000000000000`. */
  accountId?: string;
  /** Real-time interval of the background `tick()`, in ms. Default 200; 0 disables the timer. */
  tickIntervalMs?: number;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StartExecutionInput {
  stateMachineName?: string;
  /** Alternative to `stateMachineName`: `arn:aws:states:<region>:<acct>:stateMachine:<name>`. */
  stateMachineArn?: string;
  /** Unique per state machine; a random UUID when absent. */
  name?: string;
  /** JSON text (as in the SFN API) or, in process, any JSON value. Default `{}`. */
  input?: unknown;
}

export interface StartExecutionOutput {
  executionArn: string;
  startDate: Date;
}

export interface DescribeExecutionOutput {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  /** JSON text, as in the SFN API. */
  input: string;
  /** JSON text, only when SUCCEEDED. */
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
}

export interface ExecutionListItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
}

export interface HistoryEvent {
  id: number;
  /** Business-clock time. */
  timestamp: Date;
  type: string;
  stateName?: string;
  details?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------
// Internals shared by the engine's modules

export type Json = unknown;
export type JsonObject = Record<string, unknown>;
export type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
export type TaskHandler = TaskHandlers[string];
export type TaskKind = 'lambdaArn' | 'invoke' | 'callback';

export interface StateMeta {
  name: string;
  type: string;
  def: JsonObject;
  kind?: TaskKind;
}

export interface CompiledMachine {
  name: string;
  arn: string;
  states: Map<string, StateMeta>;
  machine: StateMachine;
  retryStates: string[];
  timeoutSeconds?: number;
}

export type OpKind = 'wait' | 'callback' | 'timeout';

/** Something an execution waits for: a Wait's due instant, a task token, or a task's timeout. */
export interface PendingOp {
  kind: OpKind;
  exec: ExecutionRecord;
  stateName: string;
  dueAt?: number;
  token?: string;
  timeoutSeconds?: number;
  settled: boolean;
  promise: Promise<Json>;
  resolve(value: Json): void;
  reject(error: unknown): void;
}

export interface ExecutionRecord {
  arn: string;
  name: string;
  machine: CompiledMachine;
  input: Json;
  inputText: string;
  status: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  deadline?: number;
  terminatedBy?: 'ABORTED' | 'TIMED_OUT';
  history: HistoryEvent[];
  pending: Set<PendingOp>;
  active: number;
  placeholder: string;
  abort(): void;
}

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const jsonClone = (value: unknown): Json =>
  value === undefined ? null : JSON.parse(JSON.stringify(value));

export const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A local Step Functions engine that runs the deployed ASL files unchanged, on the business clock.
 *
 * aws-local-stepfunctions interprets the states (Choice, Pass, Parallel, Map, Retry, Catch, paths,
 * intrinsic functions). It has no `.waitForTaskToken`, runs Wait states and task timeouts on real timers
 * (a wait of months cannot be exercised, delays over 24.8 days overflow), gives every Task a 60 s default
 * timeout and would call real AWS for a Task without override. So this engine compiles an in-memory copy of
 * each definition (the file is never touched) before handing it to the library:
 *
 * - every Task gets a local override (keyed by state name, unique across the whole machine). The override
 *   resolves the Lambda function by name from `lambdas`; any other resource is refused when the engine is
 *   built, so nothing can reach AWS. Its Parameters are wrapped as `{__p: <Parameters>, "__raw.$": "$"}` so
 *   the override sees both the payload and the state input (TimeoutSecondsPath is a path into the input).
 * - `TimeoutSeconds`/`TimeoutSecondsPath` are removed from the copy (replaced by a real-time ceiling of
 *   24.8 days the library never reaches) and enforced by the engine on the business clock: the task fails
 *   with a genuine library `States.Timeout` error, so Retry/Catch (and `States.TaskFailed` not matching
 *   timeouts) behave as in AWS.
 * - `.waitForTaskToken`: the context object carries a per-execution placeholder as `$$.Task.Token`; the
 *   override replaces it with a fresh opaque token per task entry (every retry attempt too), invokes the
 *   Lambda and then stays pending until `sendTaskSuccess`/`sendTaskFailure` or the business-clock timeout.
 * - every Wait state becomes an internal Task whose override computes the due instant (Seconds, SecondsPath,
 *   Timestamp, TimestampPath) and stays pending until `clock.now()` reaches it. `tick()` (called by an
 *   unref'ed interval and by `whenIdle()`) fires whatever is due.
 * - Retry intervals (IntervalSeconds/BackoffRate/MaxDelaySeconds) are overridden to 0 ms: retries happen at
 *   once, in real time and on the business clock. Counting retries and matching errors is unchanged; only the
 *   pause is dropped, because a retry pause on a clock that tests freeze would hang them.
 * - a top-level `TimeoutSeconds` is removed from the copy and enforced on the business clock (TIMED_OUT).
 * - `$$.Execution.StartTime` is rewritten to a context field holding the business-clock start time.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { type RunOptions, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

// ---------------------------------------------------------------------------------------------------------
// Public types

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

/** An error whose `name` is the AWS Step Functions error code (e.g. `ExecutionAlreadyExists`). */
export class LocalSfnError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Internals

type Json = unknown;
type JsonObject = Record<string, unknown>;
type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type TaskHandler = TaskHandlers[string];
type TaskKind = 'lambdaArn' | 'invoke' | 'callback';

/** The library's real-time timer is set to this (just under the 2^31-1 ms setTimeout limit): never reached. */
const REAL_TIME_CEILING_SECONDS = 2_147_483;
const INVOKE_RESOURCE = 'arn:aws:states:::lambda:invoke';
const CALLBACK_RESOURCE = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]+)?$/;
const WAIT_RESOURCE = 'arn:aws:lambda:local:000000000000:function:LocalWaitState';
const TOKEN_FORMAT = /^AQ[A-Za-z0-9_-]{60,}$/;
const INVALID_NAME_CHARS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const isValidExecutionName = (name: string): boolean =>
  name.length >= 1 &&
  name.length <= 80 &&
  !INVALID_NAME_CHARS.test(name) &&
  ![...name].some((char) => {
    const code = char.codePointAt(0) as number;
    return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
  });

interface StateMeta {
  name: string;
  type: string;
  def: JsonObject;
  kind?: TaskKind;
}

interface CompiledMachine {
  name: string;
  arn: string;
  states: Map<string, StateMeta>;
  machine: StateMachine;
  retryStates: string[];
  timeoutSeconds?: number;
}

type OpKind = 'wait' | 'callback' | 'timeout';

interface PendingOp {
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

interface ExecutionRecord {
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

/** Thrown into the library to unwind an aborted execution: neither retried nor caught. */
class LocalAbortError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor() {
    super('Execution aborted');
    this.name = 'States.Aborted';
  }
}

/** `States.Runtime`: neither retried nor caught, fails the execution (as in AWS). */
class LocalRuntimeError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

/** A task failure with an ASL error name (Lambda errorType, SendTaskFailure error). */
class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

type TimeoutErrorClass = new () => Error;
let timeoutErrorClass: Promise<TimeoutErrorClass> | undefined;

/**
 * The library decides `States.TaskFailed` matching with `instanceof StatesTimeoutError`, a class it does not
 * export. Obtain it once from a 1 ms probe run so business-clock timeouts are indistinguishable from its own.
 */
function statesTimeoutErrorClass(): Promise<TimeoutErrorClass> {
  timeoutErrorClass ??= (async () => {
    const probe = new StateMachine(
      {
        StartAt: 'Probe',
        States: { Probe: { Type: 'Task', Resource: WAIT_RESOURCE, TimeoutSeconds: 0.001, End: true } },
      } as unknown as StateMachineDefinition,
      { validationOptions: { noValidate: true } },
    );
    const never = () => new Promise<null>((resolve) => setTimeout(() => resolve(null), 50).unref());
    try {
      await probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: never } } }).result;
    } catch (error) {
      const cause = (error as Error).cause;
      if (cause instanceof Error && cause.name === 'States.Timeout')
        return cause.constructor as TimeoutErrorClass;
    }
    return class StatesTimeout extends Error {
      constructor() {
        super('States.Timeout');
        this.name = 'States.Timeout';
      }
    };
  })();
  return timeoutErrorClass;
}

type AslValidator = (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => { isValid: boolean; errorsText(separator?: string): string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;
const validations = new Map<string, string | undefined>();

/** asl-validator (checkArn, checkPaths) on the substituted text; memoised (compiling its schemas is slow). */
function validateAsl(text: string, definition: unknown): string | undefined {
  if (!validations.has(text)) {
    const result = aslValidator(definition, { checkArn: true, checkPaths: true });
    validations.set(text, result.isValid ? undefined : result.errorsText('; '));
  }
  return validations.get(text);
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const jsonClone = (value: unknown): Json => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Replace `${Key}` like CloudFormation DefinitionSubstitutions; any token left over is an error. */
export function applyDefinitionSubstitutions(
  definition: string,
  substitutions: Record<string, string>,
  label = 'state machine',
): string {
  const missing = new Set<string>();
  const text = definition.replace(/\$\{([^}]*)\}/g, (token, key: string) => {
    if (Object.hasOwn(substitutions, key)) return substitutions[key] as string;
    missing.add(key);
    return token;
  });
  if (missing.size > 0) {
    throw new Error(
      `${label}: unresolved definition substitution(s): ${[...missing].map((k) => `\${${k}}`).join(', ')}`,
    );
  }
  return text;
}

/** Function name from a name, a partial ARN or a full ARN, without version/alias qualifier. */
export function lambdaFunctionName(nameOrArn: string): string {
  const full = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  if (full) return full[1] as string;
  const partial = /^\d{12}:function:([^:]+)/.exec(nameOrArn);
  if (partial) return partial[1] as string;
  return nameOrArn.split(':')[0] as string;
}

/** Evaluate an ASL reference path (`$.a.b[0]`, `$['a']`, `$$.Execution.Input.x`). */
export function evaluateReferencePath(path: string, input: Json, context: Json): Json {
  let current: unknown;
  let rest: string;
  if (path.startsWith('$$')) {
    current = context;
    rest = path.slice(2);
  } else if (path.startsWith('$')) {
    current = input;
    rest = path.slice(1);
  } else {
    throw new LocalRuntimeError(`Invalid reference path '${path}'`);
  }
  const segment = /^(?:\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;
  while (rest.length > 0) {
    const match = segment.exec(rest);
    if (!match) throw new LocalRuntimeError(`Unsupported reference path '${path}'`);
    rest = rest.slice(match[0].length);
    if (match[2] !== undefined) {
      const index = Number(match[2]);
      if (!Array.isArray(current) || index >= current.length) {
        throw new LocalRuntimeError(`Reference path '${path}' does not match the input`);
      }
      current = current[index];
    } else {
      const key = (match[1] ?? match[3] ?? match[4]) as string;
      if (!isObject(current) || !Object.hasOwn(current, key)) {
        throw new LocalRuntimeError(`Reference path '${path}' does not match the input`);
      }
      current = current[key];
    }
  }
  return current;
}

function replaceInStrings(value: Json, search: string, replacement: string): Json {
  if (typeof value === 'string') return value.split(search).join(replacement);
  if (Array.isArray(value)) return value.map((item) => replaceInStrings(item, search, replacement));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replaceInStrings(item, search, replacement)]),
    );
  }
  return value;
}

/** Rewrite `$$.Execution.StartTime` (which the library pins to wall time) in path-valued fields. */
function rewriteStartTimePaths(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteStartTimePaths);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    const isPath = key.endsWith('.$') || key.endsWith('Path') || key === 'Variable';
    out[key] =
      isPath && typeof item === 'string'
        ? item.split('$$.Execution.StartTime').join('$$.LocalExecution.StartTime')
        : rewriteStartTimePaths(item);
  }
  return out;
}

function lambdaErrorFrom(thrown: unknown): TaskFailure {
  if (thrown instanceof TaskFailure) return thrown;
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const errorType = error.name || 'Error';
  const trace = (error.stack ?? '')
    .split('\n')
    .slice(1, 6)
    .map((line) => line.trim());
  return new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage: error.message, trace }));
}

// ---------------------------------------------------------------------------------------------------------

export class LocalStepFunctions {
  readonly region: string;
  readonly accountId: string;
  private readonly clock: BusinessClockLike;
  private readonly lambdas: Record<string, LocalLambda>;
  private readonly machines = new Map<string, CompiledMachine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly byToken = new Map<string, PendingOp>();
  private readonly closedTokens = new Map<string, 'TIMED_OUT' | 'DONE'>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly finalizations = new Set<Promise<void>>();
  private settling = 0;
  private readonly timer: NodeJS.Timeout | undefined;
  private progress = 0;
  private eventIds = 0;
  private closed = false;

  constructor(options: LocalStepFunctionsOptions) {
    this.clock = options.clock;
    this.lambdas = { ...options.lambdas };
    this.region = options.region ?? 'ap-northeast-2';
    this.accountId = options.accountId ?? '000000000000';
    for (const [name, source] of Object.entries(options.stateMachines)) {
      this.machines.set(name, this.compile(name, source));
    }
    void statesTimeoutErrorClass();
    const interval = options.tickIntervalMs ?? 200;
    if (interval > 0) {
      this.timer = setInterval(() => this.tick(), interval);
      this.timer.unref();
    }
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
  }

  // ------------------------------------------------------------------------------------------ SFN-like API

  async startExecution(request: StartExecutionInput): Promise<StartExecutionOutput> {
    this.assertOpen();
    const machine = this.machineFor(request);
    const name = request.name ?? randomUUID();
    if (!isValidExecutionName(name)) {
      throw new LocalSfnError('InvalidName', `Invalid Name: '${name}'`);
    }
    const input = this.parseJsonArgument(request.input, 'InvalidExecutionInput', {});
    const inputText = JSON.stringify(input);
    const arn = `arn:aws:states:${this.region}:${this.accountId}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      // As in AWS: idempotent only for a RUNNING execution with the same input.
      if (existing.status === 'RUNNING' && existing.inputText === inputText) {
        return { executionArn: arn, startDate: existing.startDate };
      }
      throw new LocalSfnError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const startDate = this.clock.now();
    const exec: ExecutionRecord = {
      arn,
      name,
      machine,
      input,
      inputText,
      status: 'RUNNING',
      startDate,
      history: [],
      pending: new Set(),
      active: 0,
      placeholder: `__local_sfn_task_token_${randomBytes(12).toString('hex')}__`,
      abort: () => {},
    };
    if (machine.timeoutSeconds !== undefined)
      exec.deadline = startDate.getTime() + machine.timeoutSeconds * 1000;
    this.executions.set(arn, exec);
    this.record(exec, 'ExecutionStarted', undefined, { input });

    const handlers: TaskHandlers = {};
    for (const meta of machine.states.values()) {
      if (meta.type === 'Wait') handlers[meta.name] = this.waitHandler(exec, meta);
      else if (meta.type === 'Task') handlers[meta.name] = this.taskHandler(exec, meta);
    }
    const context = {
      Execution: {
        Id: arn,
        Name: name,
        RoleArn: `arn:aws:iam::${this.accountId}:role/local-step-functions`,
        StartTime: startDate.toISOString(),
      },
      LocalExecution: { StartTime: startDate.toISOString() },
      StateMachine: { Id: machine.arn, Name: machine.name },
      Task: { Token: exec.placeholder },
    };
    const run = machine.machine.run(input as never, {
      context,
      overrides: {
        taskResourceLocalHandlers: handlers,
        retryIntervalOverrides: Object.fromEntries(machine.retryStates.map((state) => [state, 0])),
      },
    });
    exec.abort = run.abort;
    const pump = (async () => {
      for await (const event of run.eventLogs) this.recordLibraryEvent(exec, event as unknown as JsonObject);
    })();
    const settled = run.result.then(
      (output) => ({ ok: true as const, output }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const finalization = (async () => {
      const outcome = await settled;
      this.settling++; // the library is done; the history and status are not yet
      try {
        await pump.catch(() => undefined);
        this.finalize(exec, outcome);
      } finally {
        this.settling--;
      }
    })();
    this.finalizations.add(finalization);
    void finalization.finally(() => this.finalizations.delete(finalization));
    return { executionArn: arn, startDate };
  }

  async sendTaskSuccess(request: { taskToken: string; output: unknown }): Promise<Record<string, never>> {
    const op = this.pendingTask(request.taskToken);
    const output = this.parseJsonArgument(request.output, 'InvalidOutput', undefined);
    this.closedTokens.set(request.taskToken, 'DONE');
    this.settle(op, { value: output });
    return {};
  }

  async sendTaskFailure(request: {
    taskToken: string;
    error?: string;
    cause?: string;
  }): Promise<Record<string, never>> {
    const op = this.pendingTask(request.taskToken);
    this.closedTokens.set(request.taskToken, 'DONE');
    this.settle(op, { error: new TaskFailure(request.error ?? '', request.cause ?? '') });
    return {};
  }

  /** Accepted for a pending task; heartbeats are not enforced locally. */
  async sendTaskHeartbeat(request: { taskToken: string }): Promise<Record<string, never>> {
    this.pendingTask(request.taskToken);
    return {};
  }

  async stopExecution(request: { executionArn: string; error?: string; cause?: string }): Promise<{
    stopDate: Date;
  }> {
    const exec = this.execution(request.executionArn);
    if (exec.status === 'RUNNING') this.terminate(exec, 'ABORTED', request.error, request.cause);
    return { stopDate: exec.stopDate as Date };
  }

  async describeExecution(request: { executionArn: string }): Promise<DescribeExecutionOutput> {
    const exec = this.execution(request.executionArn);
    const out: DescribeExecutionOutput = {
      executionArn: exec.arn,
      stateMachineArn: exec.machine.arn,
      name: exec.name,
      status: exec.status,
      input: exec.inputText,
      startDate: exec.startDate,
    };
    if (exec.output !== undefined) out.output = exec.output;
    if (exec.error !== undefined) out.error = exec.error;
    if (exec.cause !== undefined) out.cause = exec.cause;
    if (exec.stopDate !== undefined) out.stopDate = exec.stopDate;
    return out;
  }

  async listExecutions(request: {
    stateMachineName?: string;
    stateMachineArn?: string;
    statusFilter?: ExecutionStatus;
  }): Promise<{ executions: ExecutionListItem[] }> {
    const machine = this.machineFor(request);
    const executions = [...this.executions.values()]
      .filter((exec) => exec.machine === machine)
      .filter((exec) => request.statusFilter === undefined || exec.status === request.statusFilter)
      .reverse()
      .map((exec) => {
        const item: ExecutionListItem = {
          executionArn: exec.arn,
          stateMachineArn: machine.arn,
          name: exec.name,
          status: exec.status,
          startDate: exec.startDate,
        };
        if (exec.stopDate) item.stopDate = exec.stopDate;
        return item;
      });
    return { executions };
  }

  getExecutionHistory(executionArn: string): HistoryEvent[] {
    return this.execution(executionArn).history.map((event) => ({ ...event }));
  }

  // ------------------------------------------------------------------------------------------ clock driving

  /** Fire every Wait, task timeout and execution timeout due at `clock.now()`. Returns how many fired. */
  tick(): number {
    const now = this.clock.now().getTime();
    let fired = 0;
    for (const exec of this.executions.values()) {
      if (exec.status === 'RUNNING' && exec.deadline !== undefined && now >= exec.deadline) {
        this.terminate(exec, 'TIMED_OUT', 'States.Timeout', 'Execution timed out (business clock)');
        fired++;
      }
    }
    const due: PendingOp[] = [];
    for (const exec of this.executions.values()) {
      for (const op of exec.pending) if (op.dueAt !== undefined && op.dueAt <= now) due.push(op);
    }
    due.sort((a, b) => (a.dueAt as number) - (b.dueAt as number));
    for (const op of due) {
      if (op.settled) continue;
      fired++;
      if (op.kind === 'wait') {
        this.record(op.exec, 'WaitFired', op.stateName);
        this.settle(op, { value: null });
      } else {
        this.fireTimeout(op);
      }
    }
    return fired;
  }

  /**
   * Resolves once no execution can progress without a clock move or a callback: every running execution is
   * parked on a Wait or a task token and no Lambda is running. Due waits are fired on the way.
   */
  async whenIdle(options: { timeoutMs?: number } = {}): Promise<void> {
    const limit = Date.now() + (options.timeoutMs ?? 30_000);
    let stableAt = -1;
    for (;;) {
      this.tick();
      if (this.inflight.size > 0) await new Promise((resolve) => setTimeout(resolve, 1));
      else await nextMacrotask();
      if (this.isQuiescent()) {
        if (stableAt === this.progress) return;
        stableAt = this.progress;
      } else {
        stableAt = -1;
      }
      if (Date.now() > limit) {
        const busy = [...this.executions.values()]
          .filter((exec) => exec.status === 'RUNNING' && (exec.active > 0 || exec.pending.size === 0))
          .map((exec) => exec.arn);
        throw new Error(
          `whenIdle: still busy after ${options.timeoutMs ?? 30_000} ms (${this.inflight.size} Lambda invocation(s) running; executions: ${busy.join(', ') || 'none'})`,
        );
      }
    }
  }

  /** Stop the timer and abort running executions. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (!this.closed) {
      this.closed = true;
      for (const exec of this.executions.values()) {
        if (exec.status === 'RUNNING')
          this.terminate(exec, 'ABORTED', 'States.Aborted', 'Local engine closed');
      }
    }
    await Promise.allSettled([...this.finalizations]);
  }

  // ------------------------------------------------------------------------------------------ compilation

  private compile(name: string, source: LocalStateMachineSource): CompiledMachine {
    const label = `State machine '${name}'`;
    const text = applyDefinitionSubstitutions(source.definition, source.substitutions, label);
    let original: JsonObject;
    try {
      original = JSON.parse(text) as JsonObject;
    } catch (error) {
      throw new Error(
        `${label}: definition is not valid JSON after substitution: ${(error as Error).message}`,
      );
    }
    if (text.includes('"JSONata"')) {
      throw new Error(`${label}: JSONata is not supported by the local engine; write the ASL in JSONPath`);
    }
    const invalid = validateAsl(text, original);
    if (invalid !== undefined) throw new Error(`${label}: invalid ASL: ${invalid}`);

    const states = new Map<string, StateMeta>();
    const retryStates: string[] = [];
    const transformStates = (definition: JsonObject): JsonObject => {
      const out: JsonObject = { ...definition };
      const transformed: JsonObject = {};
      for (const [stateName, raw] of Object.entries(definition.States as JsonObject)) {
        const state = raw as JsonObject;
        if (states.has(stateName)) {
          throw new Error(
            `${label}: state name '${stateName}' is used twice (names must be unique machine-wide)`,
          );
        }
        const meta: StateMeta = { name: stateName, type: state.Type as string, def: state };
        states.set(stateName, meta);
        if (Array.isArray(state.Retry)) retryStates.push(stateName);
        transformed[stateName] = this.transformState(label, meta);
        const copy = transformed[stateName] as JsonObject;
        if (state.Type === 'Parallel') {
          copy.Branches = (state.Branches as JsonObject[]).map((branch) => transformStates(branch));
        }
        if (state.Type === 'Map') {
          for (const key of ['Iterator', 'ItemProcessor']) {
            if (isObject(state[key])) copy[key] = transformStates(state[key] as JsonObject);
          }
        }
      }
      out.States = transformed;
      return out;
    };
    const compiled = rewriteStartTimePaths(transformStates(original)) as JsonObject;
    const timeoutSeconds = typeof original.TimeoutSeconds === 'number' ? original.TimeoutSeconds : undefined;
    delete compiled.TimeoutSeconds;
    const machine = new StateMachine(compiled as unknown as StateMachineDefinition, {
      validationOptions: { noValidate: true },
    });
    const result: CompiledMachine = { name, arn: this.stateMachineArn(name), states, machine, retryStates };
    if (timeoutSeconds !== undefined) result.timeoutSeconds = timeoutSeconds;
    return result;
  }

  private transformState(label: string, meta: StateMeta): JsonObject {
    const state = meta.def;
    if (meta.type === 'Wait') {
      const copy: JsonObject = {
        Type: 'Task',
        Resource: WAIT_RESOURCE,
        TimeoutSeconds: REAL_TIME_CEILING_SECONDS,
      };
      for (const key of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) {
        if (key in state) copy[key] = state[key];
      }
      return copy;
    }
    if (meta.type !== 'Task') return { ...state };
    const resource = state.Resource as string;
    const where = `${label}, state '${meta.name}'`;
    if (resource === INVOKE_RESOURCE) meta.kind = 'invoke';
    else if (resource === CALLBACK_RESOURCE) meta.kind = 'callback';
    else if (LAMBDA_ARN.test(resource)) meta.kind = 'lambdaArn';
    else {
      throw new Error(
        `${where}: unsupported Task resource '${resource}'. The local engine runs only Lambda functions ` +
          `(a Lambda ARN, ${INVOKE_RESOURCE}, ${CALLBACK_RESOURCE}) and never calls AWS.`,
      );
    }
    const parameters = isObject(state.Parameters) ? state.Parameters : undefined;
    if (meta.kind === 'lambdaArn') {
      this.assertLambda(where, lambdaFunctionName(resource));
    } else {
      if (!parameters) throw new Error(`${where}: ${resource} needs Parameters with FunctionName`);
      if (typeof parameters.FunctionName === 'string') {
        this.assertLambda(where, lambdaFunctionName(parameters.FunctionName));
      } else if (typeof parameters['FunctionName.$'] !== 'string') {
        throw new Error(`${where}: ${resource} needs Parameters.FunctionName`);
      }
    }
    const copy: JsonObject = { ...state, TimeoutSeconds: REAL_TIME_CEILING_SECONDS };
    delete copy.TimeoutSecondsPath;
    delete copy.HeartbeatSeconds;
    delete copy.HeartbeatSecondsPath;
    copy.Parameters = parameters ? { __p: parameters, '__raw.$': '$' } : { '__raw.$': '$' };
    return copy;
  }

  private assertLambda(where: string, functionName: string): void {
    if (!Object.hasOwn(this.lambdas, functionName)) {
      throw new Error(`${where}: Lambda function '${functionName}' is not registered with the local engine`);
    }
  }

  // ------------------------------------------------------------------------------------------ state handlers

  private waitHandler(exec: ExecutionRecord, meta: StateMeta): TaskHandler {
    return async (input) => {
      this.assertRunning(exec);
      const enteredAt = this.clock.now().getTime();
      exec.active++;
      let released = false;
      const release = () => {
        if (!released) {
          released = true;
          exec.active--;
          this.progress++;
        }
      };
      try {
        await nextMacrotask(); // lets the library's StateEntered reach the history first
        this.assertRunning(exec);
        const dueAt = this.waitDueAt(exec, meta.def, input, enteredAt);
        this.record(exec, 'WaitStarted', meta.name, { until: new Date(dueAt).toISOString() });
        const op = this.addPending(exec, 'wait', meta.name, { dueAt });
        release();
        if (dueAt <= this.clock.now().getTime()) {
          this.record(exec, 'WaitFired', meta.name);
          this.settle(op, { value: null });
        }
        await op.promise;
        return input;
      } finally {
        release();
      }
    };
  }

  private waitDueAt(exec: ExecutionRecord, state: JsonObject, input: Json, enteredAt: number): number {
    const context = this.contextOf(exec);
    const seconds = (value: Json, field: string): number => {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        throw new LocalRuntimeError(
          `Wait ${field} must be a non-negative integer, got ${JSON.stringify(value)}`,
        );
      }
      return enteredAt + value * 1000;
    };
    const instant = (value: Json, field: string): number => {
      const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (typeof value !== 'string' || !/(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(at)) {
        throw new LocalRuntimeError(
          `Wait ${field} must be an RFC 3339 timestamp, got ${JSON.stringify(value)}`,
        );
      }
      return at;
    };
    if (state.Seconds !== undefined) return seconds(state.Seconds, 'Seconds');
    if (state.Timestamp !== undefined) return instant(state.Timestamp, 'Timestamp');
    if (typeof state.SecondsPath === 'string') {
      return seconds(evaluateReferencePath(state.SecondsPath, input, context), 'SecondsPath');
    }
    if (typeof state.TimestampPath === 'string') {
      return instant(evaluateReferencePath(state.TimestampPath, input, context), 'TimestampPath');
    }
    throw new LocalRuntimeError('Wait state without Seconds, Timestamp, SecondsPath or TimestampPath');
  }

  private taskHandler(exec: ExecutionRecord, meta: StateMeta): TaskHandler {
    return async (wrapped) => {
      this.assertRunning(exec);
      const enteredAt = this.clock.now().getTime();
      exec.active++;
      let released = false;
      const release = () => {
        if (!released) {
          released = true;
          exec.active--;
          this.progress++;
        }
      };
      let timeoutOp: PendingOp | undefined;
      try {
        await nextMacrotask(); // lets the library's StateEntered reach the history first
        this.assertRunning(exec);
        const box = wrapped as JsonObject;
        const raw = box.__raw;
        const params = box.__p;
        const timeoutSeconds = this.taskTimeoutSeconds(exec, meta.def, raw);
        const dueAt = timeoutSeconds === undefined ? undefined : enteredAt + timeoutSeconds * 1000;
        const timing = dueAt === undefined ? {} : { timeoutAt: new Date(dueAt).toISOString() };

        if (meta.kind === 'callback') {
          const token = `AQ${randomBytes(66).toString('base64url')}`;
          const resolved = replaceInStrings(params, exec.placeholder, token) as JsonObject;
          const functionName = this.functionNameOf(resolved);
          const op = this.addPending(exec, 'callback', meta.name, { dueAt, token, timeoutSeconds });
          this.record(exec, 'TaskScheduled', meta.name, {
            resource: meta.def.Resource,
            functionName,
            taskToken: token,
            ...timing,
          });
          const invocation = this.invokeLambda(functionName, resolved.Payload ?? {});
          if (resolved.InvocationType === 'Event') {
            invocation.catch(() => undefined);
          } else {
            try {
              await invocation;
            } catch (error) {
              if (!op.settled) {
                this.closedTokens.set(token, 'DONE');
                this.settle(op, { error });
              }
            }
          }
          if (!op.settled) this.record(exec, 'TaskSubmitted', meta.name, { taskToken: token });
          release();
          try {
            const output = await op.promise;
            this.record(exec, 'TaskSucceeded', meta.name, { output });
            return output as never;
          } catch (error) {
            if (!(error instanceof LocalAbortError)) this.recordTaskFailure(exec, meta.name, error);
            throw error;
          }
        }

        const functionName =
          meta.kind === 'lambdaArn'
            ? lambdaFunctionName(meta.def.Resource as string)
            : this.functionNameOf(params as JsonObject);
        const payload =
          meta.kind === 'lambdaArn' ? ('__p' in box ? params : raw) : (params as JsonObject).Payload;
        this.record(exec, 'TaskScheduled', meta.name, {
          resource: meta.def.Resource,
          functionName,
          ...timing,
        });
        if (dueAt !== undefined)
          timeoutOp = this.addPending(exec, 'timeout', meta.name, { dueAt, timeoutSeconds });
        try {
          let result: Json;
          if (meta.kind === 'invoke' && (params as JsonObject).InvocationType === 'Event') {
            this.invokeLambda(functionName, payload ?? {}).catch(() => undefined);
            result = { ExecutedVersion: '$LATEST', Payload: '', StatusCode: 202 };
          } else {
            const invocation = this.invokeLambda(
              functionName,
              meta.kind === 'invoke' ? (payload ?? {}) : payload,
            );
            const value = await (timeoutOp ? Promise.race([invocation, timeoutOp.promise]) : invocation);
            result =
              meta.kind === 'invoke'
                ? { ExecutedVersion: '$LATEST', Payload: value, StatusCode: 200 }
                : value;
          }
          this.record(exec, 'TaskSucceeded', meta.name, { output: result });
          return result as never;
        } catch (error) {
          if (!(error instanceof LocalAbortError)) this.recordTaskFailure(exec, meta.name, error);
          throw error;
        }
      } finally {
        if (timeoutOp && !timeoutOp.settled) this.settle(timeoutOp, { value: null });
        release();
      }
    };
  }

  private taskTimeoutSeconds(exec: ExecutionRecord, state: JsonObject, input: Json): number | undefined {
    if (typeof state.TimeoutSeconds === 'number') return state.TimeoutSeconds;
    if (typeof state.TimeoutSecondsPath !== 'string') return undefined;
    const value = evaluateReferencePath(state.TimeoutSecondsPath, input, this.contextOf(exec));
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new LocalRuntimeError(
        `TimeoutSecondsPath '${state.TimeoutSecondsPath}' must select a positive integer, got ${JSON.stringify(value)}`,
      );
    }
    return value;
  }

  private functionNameOf(params: JsonObject): string {
    if (typeof params.FunctionName !== 'string') {
      throw new LocalRuntimeError('Parameters.FunctionName must be a string');
    }
    return lambdaFunctionName(params.FunctionName);
  }

  private invokeLambda(functionName: string, payload: Json): Promise<Json> {
    const fn = this.lambdas[functionName];
    const invocation = (async () => {
      if (!fn) {
        throw new TaskFailure(
          'Lambda.ResourceNotFoundException',
          `Function not found: ${functionName} (not registered with the local engine)`,
        );
      }
      try {
        return jsonClone(await fn(jsonClone(payload)));
      } catch (error) {
        throw lambdaErrorFrom(error);
      }
    })();
    this.inflight.add(invocation);
    const done = () => {
      this.inflight.delete(invocation);
      this.progress++;
    };
    invocation.then(done, done);
    return invocation;
  }

  private recordTaskFailure(exec: ExecutionRecord, stateName: string, error: unknown): void {
    const err = error as Error;
    if (err.name === 'States.Timeout') return; // TaskTimedOut already recorded
    this.record(exec, 'TaskFailed', stateName, { error: err.name, cause: err.message });
  }

  // ------------------------------------------------------------------------------------------ bookkeeping

  private addPending(
    exec: ExecutionRecord,
    kind: OpKind,
    stateName: string,
    extra: { dueAt?: number | undefined; token?: string; timeoutSeconds?: number | undefined },
  ): PendingOp {
    const { promise, resolve, reject } = Promise.withResolvers<Json>();
    promise.catch(() => undefined);
    const op: PendingOp = { kind, exec, stateName, settled: false, promise, resolve, reject };
    if (extra.dueAt !== undefined) op.dueAt = extra.dueAt;
    if (extra.timeoutSeconds !== undefined) op.timeoutSeconds = extra.timeoutSeconds;
    if (extra.token !== undefined) {
      op.token = extra.token;
      this.byToken.set(extra.token, op);
    }
    exec.pending.add(op);
    this.progress++;
    return op;
  }

  private settle(op: PendingOp, outcome: { value: Json } | { error: unknown }): void {
    if (op.settled) return;
    op.settled = true;
    op.exec.pending.delete(op);
    if (op.token) this.byToken.delete(op.token);
    this.progress++;
    if ('error' in outcome) op.reject(outcome.error);
    else op.resolve(outcome.value);
  }

  private fireTimeout(op: PendingOp): void {
    op.settled = true; // claim it now; the library's own error class is resolved asynchronously
    op.exec.pending.delete(op);
    if (op.token) {
      this.byToken.delete(op.token);
      this.closedTokens.set(op.token, 'TIMED_OUT');
    }
    this.progress++;
    this.record(op.exec, 'TaskTimedOut', op.stateName, { timeoutSeconds: op.timeoutSeconds });
    const pending = statesTimeoutErrorClass().then((TimeoutError) => {
      const error = new TimeoutError();
      error.message = `Task timed out after ${op.timeoutSeconds} seconds (business clock)`;
      op.reject(error);
    });
    this.inflight.add(pending);
    void pending.finally(() => this.inflight.delete(pending));
  }

  private pendingTask(taskToken: string): PendingOp {
    if (typeof taskToken !== 'string' || !TOKEN_FORMAT.test(taskToken)) {
      throw new LocalSfnError('InvalidToken', 'Invalid Token');
    }
    const op = this.byToken.get(taskToken);
    if (op && !op.settled) return op;
    if (this.closedTokens.get(taskToken) === 'TIMED_OUT') {
      throw new LocalSfnError('TaskTimedOut', 'Task Timed Out');
    }
    throw new LocalSfnError('TaskDoesNotExist', 'Task Does Not Exist');
  }

  private terminate(
    exec: ExecutionRecord,
    status: 'ABORTED' | 'TIMED_OUT',
    error?: string,
    cause?: string,
  ): void {
    exec.status = status;
    exec.terminatedBy = status;
    exec.stopDate = this.clock.now();
    if (error !== undefined) exec.error = error;
    if (cause !== undefined) exec.cause = cause;
    this.cancelPending(exec);
    exec.abort();
    this.progress++;
  }

  private cancelPending(exec: ExecutionRecord): void {
    for (const op of [...exec.pending]) {
      if (op.token) this.closedTokens.set(op.token, 'DONE');
      this.settle(op, { error: new LocalAbortError() });
    }
  }

  private finalize(
    exec: ExecutionRecord,
    outcome: { ok: true; output: unknown } | { ok: false; error: unknown },
  ): void {
    if (exec.terminatedBy) {
      this.record(
        exec,
        exec.terminatedBy === 'ABORTED' ? 'ExecutionAborted' : 'ExecutionTimedOut',
        undefined,
        {
          error: exec.error,
          cause: exec.cause,
        },
      );
    } else if (outcome.ok) {
      exec.status = 'SUCCEEDED';
      exec.output = JSON.stringify(outcome.output ?? null);
      exec.stopDate = this.clock.now();
      this.record(exec, 'ExecutionSucceeded', undefined, { output: outcome.output });
    } else {
      const cause = (outcome.error as Error).cause ?? outcome.error;
      const failure = cause instanceof Error ? cause : new Error(String(cause));
      exec.status = 'FAILED';
      exec.error = failure.name;
      exec.cause = failure.message;
      exec.stopDate = this.clock.now();
      this.record(exec, 'ExecutionFailed', undefined, { error: exec.error, cause: exec.cause });
    }
    this.cancelPending(exec); // orphans, e.g. a branch of a failed Parallel
    this.progress++;
  }

  private isQuiescent(): boolean {
    if (this.inflight.size > 0 || this.settling > 0) return false;
    for (const exec of this.executions.values()) {
      if (exec.status === 'RUNNING' && (exec.active > 0 || exec.pending.size === 0)) return false;
    }
    return true;
  }

  private record(
    exec: ExecutionRecord,
    type: string,
    stateName?: string,
    details?: Record<string, unknown>,
  ): void {
    const event: HistoryEvent = { id: ++this.eventIds, timestamp: this.clock.now(), type };
    if (stateName !== undefined) event.stateName = stateName;
    if (details !== undefined) event.details = details;
    exec.history.push(event);
    this.progress++;
  }

  private recordLibraryEvent(exec: ExecutionRecord, event: JsonObject): void {
    const type = event.type as string;
    if (type.startsWith('Execution')) return; // recorded by the engine, with business-clock semantics
    const state = isObject(event.state) ? event.state : undefined;
    const stateName = state?.name as string | undefined;
    if (type === 'StateFailed' && event.Error === 'States.Aborted') return;
    const details: Record<string, unknown> = {};
    if (stateName !== undefined) {
      details.stateType = exec.machine.states.get(stateName)?.type ?? state?.type;
    }
    if (type === 'StateEntered') details.input = state?.input;
    if (type === 'StateExited') details.output = state?.output;
    if (type === 'StateFailed') {
      details.error = event.Error;
      details.cause = event.Cause instanceof Error ? event.Cause.message : event.Cause;
    }
    if (type === 'StateRetried' && isObject(event.retry)) {
      const retrier = event.retry.retrier as JsonObject;
      const attempt = event.retry.attempt as number;
      const interval =
        ((retrier.IntervalSeconds as number) ?? 1) * ((retrier.BackoffRate as number) ?? 2) ** (attempt - 1);
      details.attempt = attempt;
      details.errorEquals = retrier.ErrorEquals;
      details.nominalIntervalSeconds = interval;
    }
    if (type === 'StateCaught' && isObject(event.catch)) {
      const catcher = event.catch.catcher as JsonObject;
      details.errorEquals = catcher.ErrorEquals;
      details.next = catcher.Next;
    }
    if (isObject(event.parentState)) details.parentState = event.parentState.name;
    if (typeof event.index === 'number') details.index = event.index;
    this.record(
      exec,
      type,
      stateName ?? (isObject(event.parentState) ? (event.parentState.name as string) : undefined),
      details,
    );
  }

  // ------------------------------------------------------------------------------------------ helpers

  private contextOf(exec: ExecutionRecord): JsonObject {
    return {
      Execution: {
        Id: exec.arn,
        Name: exec.name,
        Input: exec.input,
        StartTime: exec.startDate.toISOString(),
      },
      StateMachine: { Id: exec.machine.arn, Name: exec.machine.name },
    };
  }

  private assertRunning(exec: ExecutionRecord): void {
    if (exec.status !== 'RUNNING') throw new LocalAbortError();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('LocalStepFunctions is closed');
  }

  private machineFor(request: { stateMachineName?: string; stateMachineArn?: string }): CompiledMachine {
    let name = request.stateMachineName;
    if (name === undefined && request.stateMachineArn !== undefined) {
      const match = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:stateMachine:([^:]+)$/.exec(request.stateMachineArn);
      if (!match) throw new LocalSfnError('InvalidArn', `Invalid Arn: '${request.stateMachineArn}'`);
      name = match[1] as string;
    }
    const machine = name === undefined ? undefined : this.machines.get(name);
    if (!machine) {
      throw new LocalSfnError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${request.stateMachineArn ?? name ?? ''}'`,
      );
    }
    return machine;
  }

  private execution(executionArn: string): ExecutionRecord {
    const exec = this.executions.get(executionArn);
    if (!exec)
      throw new LocalSfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return exec;
  }

  private parseJsonArgument(value: unknown, code: string, fallback: Json): Json {
    if (value === undefined) {
      if (fallback === undefined) throw new LocalSfnError(code, 'A JSON value is required');
      return fallback;
    }
    if (typeof value !== 'string') return jsonClone(value);
    try {
      return JSON.parse(value) as Json;
    } catch {
      throw new LocalSfnError(code, `Invalid JSON: ${value.slice(0, 100)}`);
    }
  }
}

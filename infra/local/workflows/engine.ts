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
import { Bookkeeping } from './bookkeeping.js';
import { compileMachine } from './compile.js';
import { LocalSfnError, statesTimeoutErrorClass, TaskFailure } from './errors.js';
import { taskHandler, waitHandler } from './task-states.js';
import type {
  BusinessClockLike,
  CompiledMachine,
  DescribeExecutionOutput,
  ExecutionListItem,
  ExecutionRecord,
  ExecutionStatus,
  HistoryEvent,
  Json,
  JsonObject,
  LocalStepFunctionsOptions,
  PendingOp,
  StartExecutionInput,
  StartExecutionOutput,
  TaskHandlers,
} from './types.js';
import { jsonClone, nextMacrotask } from './types.js';

// The engine's pieces: types.ts (API and internal types), compile.ts (substitutions, validation, the compiled
// copy), reference-paths.ts, task-states.ts (Wait and Task overrides), bookkeeping.ts (pending ops, tokens,
// Lambda invocations, history), errors.ts. This file: the SFN-like API and the business-clock driving.
export { applyDefinitionSubstitutions, lambdaFunctionName } from './compile.js';
export { LocalSfnError } from './errors.js';
export { evaluateReferencePath } from './reference-paths.js';
export type {
  BusinessClockLike,
  DescribeExecutionOutput,
  ExecutionListItem,
  ExecutionStatus,
  HistoryEvent,
  LocalLambda,
  LocalStateMachineSource,
  LocalStepFunctionsOptions,
  StartExecutionInput,
  StartExecutionOutput,
} from './types.js';

const INVALID_NAME_CHARS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const isValidExecutionName = (name: string): boolean =>
  name.length >= 1 &&
  name.length <= 80 &&
  !INVALID_NAME_CHARS.test(name) &&
  ![...name].some((char) => {
    const code = char.codePointAt(0) as number;
    return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
  });

export class LocalStepFunctions {
  readonly region: string;
  readonly accountId: string;
  private readonly clock: BusinessClockLike;
  private readonly book: Bookkeeping;
  private readonly machines = new Map<string, CompiledMachine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly finalizations = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: LocalStepFunctionsOptions) {
    this.clock = options.clock;
    const lambdas = { ...options.lambdas };
    this.book = new Bookkeeping(this.clock, lambdas);
    this.region = options.region ?? 'ap-northeast-2';
    this.accountId = options.accountId ?? '000000000000';
    for (const [name, source] of Object.entries(options.stateMachines)) {
      this.machines.set(name, compileMachine(name, source, { arn: this.stateMachineArn(name), lambdas }));
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
    this.book.record(exec, 'ExecutionStarted', undefined, { input });

    const handlers: TaskHandlers = {};
    for (const meta of machine.states.values()) {
      if (meta.type === 'Wait') handlers[meta.name] = waitHandler(this.book, exec, meta);
      else if (meta.type === 'Task') handlers[meta.name] = taskHandler(this.book, exec, meta);
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
      for await (const event of run.eventLogs)
        this.book.recordLibraryEvent(exec, event as unknown as JsonObject);
    })();
    const settled = run.result.then(
      (output) => ({ ok: true as const, output }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const finalization = (async () => {
      const outcome = await settled;
      this.book.settling++; // the library is done; the history and status are not yet
      try {
        await pump.catch(() => undefined);
        this.finalize(exec, outcome);
      } finally {
        this.book.settling--;
      }
    })();
    this.finalizations.add(finalization);
    void finalization.finally(() => this.finalizations.delete(finalization));
    return { executionArn: arn, startDate };
  }

  async sendTaskSuccess(request: { taskToken: string; output: unknown }): Promise<Record<string, never>> {
    const op = this.book.pendingTask(request.taskToken);
    const output = this.parseJsonArgument(request.output, 'InvalidOutput', undefined);
    this.book.closeToken(request.taskToken, 'DONE');
    this.book.settle(op, { value: output });
    return {};
  }

  async sendTaskFailure(request: {
    taskToken: string;
    error?: string;
    cause?: string;
  }): Promise<Record<string, never>> {
    const op = this.book.pendingTask(request.taskToken);
    this.book.closeToken(request.taskToken, 'DONE');
    this.book.settle(op, { error: new TaskFailure(request.error ?? '', request.cause ?? '') });
    return {};
  }

  /** Accepted for a pending task; heartbeats are not enforced locally. */
  async sendTaskHeartbeat(request: { taskToken: string }): Promise<Record<string, never>> {
    this.book.pendingTask(request.taskToken);
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
        this.book.record(op.exec, 'WaitFired', op.stateName);
        this.book.settle(op, { value: null });
      } else {
        this.book.fireTimeout(op);
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
      if (this.book.inflight.size > 0) await new Promise((resolve) => setTimeout(resolve, 1));
      else await nextMacrotask();
      if (this.isQuiescent()) {
        if (stableAt === this.book.progress) return;
        stableAt = this.book.progress;
      } else {
        stableAt = -1;
      }
      if (Date.now() > limit) {
        const busy = [...this.executions.values()]
          .filter((exec) => exec.status === 'RUNNING' && (exec.active > 0 || exec.pending.size === 0))
          .map((exec) => exec.arn);
        throw new Error(
          `whenIdle: still busy after ${options.timeoutMs ?? 30_000} ms (${this.book.inflight.size} Lambda invocation(s) running; executions: ${busy.join(', ') || 'none'})`,
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

  // ------------------------------------------------------------------------------------------ lifecycle

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
    this.book.cancelPending(exec);
    exec.abort();
    this.book.progress++;
  }

  private finalize(
    exec: ExecutionRecord,
    outcome: { ok: true; output: unknown } | { ok: false; error: unknown },
  ): void {
    if (exec.terminatedBy) {
      this.book.record(
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
      this.book.record(exec, 'ExecutionSucceeded', undefined, { output: outcome.output });
    } else {
      const cause = (outcome.error as Error).cause ?? outcome.error;
      const failure = cause instanceof Error ? cause : new Error(String(cause));
      exec.status = 'FAILED';
      exec.error = failure.name;
      exec.cause = failure.message;
      exec.stopDate = this.clock.now();
      this.book.record(exec, 'ExecutionFailed', undefined, { error: exec.error, cause: exec.cause });
    }
    this.book.cancelPending(exec); // orphans, e.g. a branch of a failed Parallel
    this.book.progress++;
  }

  private isQuiescent(): boolean {
    if (this.book.inflight.size > 0 || this.book.settling > 0) return false;
    for (const exec of this.executions.values()) {
      if (exec.status === 'RUNNING' && (exec.active > 0 || exec.pending.size === 0)) return false;
    }
    return true;
  }

  // ------------------------------------------------------------------------------------------ helpers

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

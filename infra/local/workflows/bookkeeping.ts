import {
  LocalAbortError,
  LocalSfnError,
  lambdaErrorFrom,
  statesTimeoutErrorClass,
  TaskFailure,
} from './errors.js';
import {
  type BusinessClockLike,
  type ExecutionRecord,
  type HistoryEvent,
  isObject,
  type Json,
  type JsonObject,
  jsonClone,
  type LocalLambda,
  type OpKind,
  type PendingOp,
} from './types.js';

const TOKEN_FORMAT = /^AQ[A-Za-z0-9_-]{60,}$/;

/**
 * The engine's shared state: what executions wait for (Wait instants, task tokens, task timeouts), the Lambda
 * invocations in flight, and each execution's history on the business clock. `progress` moves on every change
 * so `whenIdle()` can tell a quiet engine from a busy one.
 */
export class Bookkeeping {
  progress = 0;
  /** Executions whose library run is done but whose history and status are not yet. */
  settling = 0;
  readonly inflight = new Set<Promise<unknown>>();
  private readonly byToken = new Map<string, PendingOp>();
  private readonly closedTokens = new Map<string, 'TIMED_OUT' | 'DONE'>();
  private eventIds = 0;

  constructor(
    readonly clock: BusinessClockLike,
    private readonly lambdas: Record<string, LocalLambda>,
  ) {}

  // ------------------------------------------------------------------------------------------ pending ops

  addPending(
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

  settle(op: PendingOp, outcome: { value: Json } | { error: unknown }): void {
    if (op.settled) return;
    op.settled = true;
    op.exec.pending.delete(op);
    if (op.token) this.byToken.delete(op.token);
    this.progress++;
    if ('error' in outcome) op.reject(outcome.error);
    else op.resolve(outcome.value);
  }

  /** A task token can no longer be answered (`TaskTimedOut` or `TaskDoesNotExist` from now on). */
  closeToken(token: string, why: 'TIMED_OUT' | 'DONE'): void {
    this.closedTokens.set(token, why);
  }

  /** A task's business-clock timeout came: it fails with the library's own `States.Timeout`. */
  fireTimeout(op: PendingOp): void {
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

  /** The pending callback task of a token, or the SFN API's error for it. */
  pendingTask(taskToken: string): PendingOp {
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

  cancelPending(exec: ExecutionRecord): void {
    for (const op of [...exec.pending]) {
      if (op.token) this.closedTokens.set(op.token, 'DONE');
      this.settle(op, { error: new LocalAbortError() });
    }
  }

  // ------------------------------------------------------------------------------------------ Lambda

  /** Calls a registered Lambda with a copy of the payload, as JSON crosses the wire; errors as Lambda's. */
  invokeLambda(functionName: string, payload: Json): Promise<Json> {
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

  // ------------------------------------------------------------------------------------------ history

  record(exec: ExecutionRecord, type: string, stateName?: string, details?: Record<string, unknown>): void {
    const event: HistoryEvent = { id: ++this.eventIds, timestamp: this.clock.now(), type };
    if (stateName !== undefined) event.stateName = stateName;
    if (details !== undefined) event.details = details;
    exec.history.push(event);
    this.progress++;
  }

  recordTaskFailure(exec: ExecutionRecord, stateName: string, error: unknown): void {
    const err = error as Error;
    if (err.name === 'States.Timeout') return; // TaskTimedOut already recorded
    this.record(exec, 'TaskFailed', stateName, { error: err.name, cause: err.message });
  }

  /** One of the library's state events, in the history with business-clock time (execution events are the engine's). */
  recordLibraryEvent(exec: ExecutionRecord, event: JsonObject): void {
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
}

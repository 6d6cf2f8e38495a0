import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

/** The resource every Wait state is compiled to (an internal Task the engine answers on the business clock). */
export const WAIT_RESOURCE = 'arn:aws:lambda:local:000000000000:function:LocalWaitState';

/** An error whose `name` is the AWS Step Functions error code (e.g. `ExecutionAlreadyExists`). */
export class LocalSfnError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

/** Thrown into the library to unwind an aborted execution: neither retried nor caught. */
export class LocalAbortError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor() {
    super('Execution aborted');
    this.name = 'States.Aborted';
  }
}

/** `States.Runtime`: neither retried nor caught, fails the execution (as in AWS). */
export class LocalRuntimeError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

/** A task failure with an ASL error name (Lambda errorType, SendTaskFailure error). */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/** A thrown Lambda error as Step Functions reports it: the errorType as the error, a JSON cause. */
export function lambdaErrorFrom(thrown: unknown): TaskFailure {
  if (thrown instanceof TaskFailure) return thrown;
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const errorType = error.name || 'Error';
  const trace = (error.stack ?? '')
    .split('\n')
    .slice(1, 6)
    .map((line) => line.trim());
  return new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage: error.message, trace }));
}

type TimeoutErrorClass = new () => Error;
let timeoutErrorClass: Promise<TimeoutErrorClass> | undefined;

/**
 * The library decides `States.TaskFailed` matching with `instanceof StatesTimeoutError`, a class it does not
 * export. Obtain it once from a 1 ms probe run so business-clock timeouts are indistinguishable from its own.
 */
export function statesTimeoutErrorClass(): Promise<TimeoutErrorClass> {
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

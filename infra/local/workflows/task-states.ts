import { randomBytes } from 'node:crypto';
import type { Bookkeeping } from './bookkeeping.js';
import { lambdaFunctionName } from './compile.js';
import { LocalAbortError, LocalRuntimeError } from './errors.js';
import { evaluateReferencePath, replaceInStrings } from './reference-paths.js';
import {
  type ExecutionRecord,
  type Json,
  type JsonObject,
  nextMacrotask,
  type PendingOp,
  type StateMeta,
  type TaskHandler,
} from './types.js';

/**
 * The library's overrides for the states the engine answers itself: Wait states (due on the business clock)
 * and Lambda Tasks (plain, `lambda:invoke`, `.waitForTaskToken`), with their timeouts on the business clock.
 */

/** The context object as reference paths see it (`$$.Execution.Input`, business-clock `StartTime`). */
export function contextOf(exec: ExecutionRecord): JsonObject {
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

function assertRunning(exec: ExecutionRecord): void {
  if (exec.status !== 'RUNNING') throw new LocalAbortError();
}

/** Counts the state as active until it parks (a Wait or a task token) or ends; `release` is idempotent. */
function activity(book: Bookkeeping, exec: ExecutionRecord): () => void {
  exec.active++;
  let released = false;
  return () => {
    if (!released) {
      released = true;
      exec.active--;
      book.progress++;
    }
  };
}

export function waitHandler(book: Bookkeeping, exec: ExecutionRecord, meta: StateMeta): TaskHandler {
  return async (input) => {
    assertRunning(exec);
    const enteredAt = book.clock.now().getTime();
    const release = activity(book, exec);
    try {
      await nextMacrotask(); // lets the library's StateEntered reach the history first
      assertRunning(exec);
      const dueAt = waitDueAt(exec, meta.def, input, enteredAt);
      book.record(exec, 'WaitStarted', meta.name, { until: new Date(dueAt).toISOString() });
      const op = book.addPending(exec, 'wait', meta.name, { dueAt });
      release();
      if (dueAt <= book.clock.now().getTime()) {
        book.record(exec, 'WaitFired', meta.name);
        book.settle(op, { value: null });
      }
      await op.promise;
      return input;
    } finally {
      release();
    }
  };
}

function waitDueAt(exec: ExecutionRecord, state: JsonObject, input: Json, enteredAt: number): number {
  const context = contextOf(exec);
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

export function taskHandler(book: Bookkeeping, exec: ExecutionRecord, meta: StateMeta): TaskHandler {
  return async (wrapped) => {
    assertRunning(exec);
    const enteredAt = book.clock.now().getTime();
    const release = activity(book, exec);
    let timeoutOp: PendingOp | undefined;
    try {
      await nextMacrotask(); // lets the library's StateEntered reach the history first
      assertRunning(exec);
      const box = wrapped as JsonObject;
      const raw = box.__raw;
      const params = box.__p;
      const timeoutSeconds = taskTimeoutSeconds(exec, meta.def, raw);
      const dueAt = timeoutSeconds === undefined ? undefined : enteredAt + timeoutSeconds * 1000;
      const timing = dueAt === undefined ? {} : { timeoutAt: new Date(dueAt).toISOString() };

      if (meta.kind === 'callback') {
        const token = `AQ${randomBytes(66).toString('base64url')}`;
        const resolved = replaceInStrings(params, exec.placeholder, token) as JsonObject;
        const functionName = functionNameOf(resolved);
        const op = book.addPending(exec, 'callback', meta.name, { dueAt, token, timeoutSeconds });
        book.record(exec, 'TaskScheduled', meta.name, {
          resource: meta.def.Resource,
          functionName,
          taskToken: token,
          ...timing,
        });
        const invocation = book.invokeLambda(functionName, resolved.Payload ?? {});
        if (resolved.InvocationType === 'Event') {
          invocation.catch(() => undefined);
        } else {
          try {
            await invocation;
          } catch (error) {
            if (!op.settled) {
              book.closeToken(token, 'DONE');
              book.settle(op, { error });
            }
          }
        }
        if (!op.settled) book.record(exec, 'TaskSubmitted', meta.name, { taskToken: token });
        release();
        try {
          const output = await op.promise;
          book.record(exec, 'TaskSucceeded', meta.name, { output });
          return output as never;
        } catch (error) {
          if (!(error instanceof LocalAbortError)) book.recordTaskFailure(exec, meta.name, error);
          throw error;
        }
      }

      const functionName =
        meta.kind === 'lambdaArn'
          ? lambdaFunctionName(meta.def.Resource as string)
          : functionNameOf(params as JsonObject);
      const payload =
        meta.kind === 'lambdaArn' ? ('__p' in box ? params : raw) : (params as JsonObject).Payload;
      book.record(exec, 'TaskScheduled', meta.name, {
        resource: meta.def.Resource,
        functionName,
        ...timing,
      });
      if (dueAt !== undefined)
        timeoutOp = book.addPending(exec, 'timeout', meta.name, { dueAt, timeoutSeconds });
      try {
        let result: Json;
        if (meta.kind === 'invoke' && (params as JsonObject).InvocationType === 'Event') {
          book.invokeLambda(functionName, payload ?? {}).catch(() => undefined);
          result = { ExecutedVersion: '$LATEST', Payload: '', StatusCode: 202 };
        } else {
          const invocation = book.invokeLambda(
            functionName,
            meta.kind === 'invoke' ? (payload ?? {}) : payload,
          );
          const value = await (timeoutOp ? Promise.race([invocation, timeoutOp.promise]) : invocation);
          result =
            meta.kind === 'invoke' ? { ExecutedVersion: '$LATEST', Payload: value, StatusCode: 200 } : value;
        }
        book.record(exec, 'TaskSucceeded', meta.name, { output: result });
        return result as never;
      } catch (error) {
        if (!(error instanceof LocalAbortError)) book.recordTaskFailure(exec, meta.name, error);
        throw error;
      }
    } finally {
      if (timeoutOp && !timeoutOp.settled) book.settle(timeoutOp, { value: null });
      release();
    }
  };
}

function taskTimeoutSeconds(exec: ExecutionRecord, state: JsonObject, input: Json): number | undefined {
  if (typeof state.TimeoutSeconds === 'number') return state.TimeoutSeconds;
  if (typeof state.TimeoutSecondsPath !== 'string') return undefined;
  const value = evaluateReferencePath(state.TimeoutSecondsPath, input, contextOf(exec));
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new LocalRuntimeError(
      `TimeoutSecondsPath '${state.TimeoutSecondsPath}' must select a positive integer, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function functionNameOf(params: JsonObject): string {
  if (typeof params.FunctionName !== 'string') {
    throw new LocalRuntimeError('Parameters.FunctionName must be a string');
  }
  return lambdaFunctionName(params.FunctionName);
}

import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { type CorePorts, coreDeps } from '../adapters/deps.js';
import { ApplicationClosedError, ConcurrentUpdateError, TransientError } from '../domain/core/errors.js';
import { logger } from '../http/logger.js';

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TimeoutError',
  'NetworkingError',
]);

/**
 * Lambda's errorType is the thrown error's name, and the workflows Retry/Catch by name. So
 * failures worth retrying leave as `TransientError`, a closed application as
 * `ApplicationClosedError` (the workflow ends quietly), anything else as itself (Catch → failure).
 */
export function classify(error: unknown): Error {
  if (error instanceof ApplicationClosedError || error instanceof TransientError) return error;
  const e = error as { name?: string; $retryable?: unknown; code?: string };
  if (
    error instanceof ConcurrentUpdateError ||
    TRANSIENT_NAMES.has(e?.name ?? '') ||
    e?.$retryable ||
    e?.code === 'ECONNRESET'
  ) {
    return new TransientError(`transient: ${e?.name ?? 'error'}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

export type TaskHandler<R, D = CorePorts> = ((event: unknown, context?: Context) => Promise<R>) & {
  /** The same handler over other adapters (tests pass in-memory fakes, not module mocks). */
  withDeps(deps: D): (event: unknown, context?: Context) => Promise<R>;
};

/** A Step Functions task: validate the input at the edge, call the domain, name the failure. */
export function taskHandler<S extends z.ZodType, R, D = CorePorts>(
  name: string,
  input: S,
  impl: (input: z.output<S>, deps: D) => Promise<R>,
  /** The ports this function uses (default: the DynamoDB core; nothing infers D then); see shared/adapters/deps.ts. */
  depsProvider: () => D = coreDeps as () => D,
): TaskHandler<R, D> {
  const bind =
    (depsProvider: () => D) =>
    async (event: unknown, _context?: Context): Promise<R> => {
      const parsed = input.safeParse(event);
      if (!parsed.success) {
        logger.error('invalid task input', { task: name, issues: parsed.error.issues.length });
        throw new Error(`invalid input for ${name}`);
      }
      try {
        return await impl(parsed.data, depsProvider());
      } catch (error) {
        const named = classify(error);
        logger.warn('task failed', { task: name, error: named.name });
        throw named;
      }
    };
  return Object.assign(bind(depsProvider), { withDeps: (deps: D) => bind(() => deps) });
}

import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { env } from '../config/env.js';
import { ConflictError, ValidationError } from '../domain/core/errors.js';

/**
 * `Idempotency-Key` support on retryable POSTs, by Powertools Idempotency over its own table.
 * The key is scoped to the caller and the route, so two callers cannot collide; a reuse with a
 * different body is refused. Records expire after a day.
 */
export interface IdempotentCall {
  caller: string;
  route: string;
  key: string;
  /** The validated input; a retry must send the same. */
  payload: unknown;
}

type Run = () => Promise<APIGatewayProxyResult>;

let wrapped: ((call: IdempotentCall, run: Run) => Promise<APIGatewayProxyResult>) | undefined;

function idempotent() {
  if (!wrapped) {
    const { IDEMPOTENCY_TABLE_NAME, AWS_REGION, DYNAMODB_ENDPOINT } = env();
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: IDEMPOTENCY_TABLE_NAME,
      awsSdkV3Client: new DynamoDBClient({
        region: AWS_REGION,
        ...(DYNAMODB_ENDPOINT ? { endpoint: DYNAMODB_ENDPOINT } : {}),
      }),
    });
    const config = new IdempotencyConfig({
      eventKeyJmesPath: '[caller, route, key]',
      payloadValidationJmesPath: 'payload',
      expiresAfterSeconds: 24 * 3600,
    });
    wrapped = makeIdempotent(async (_call: IdempotentCall, run: Run) => run(), { persistenceStore, config });
  }
  return wrapped;
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

export type IdempotencyRunner = (
  call: Omit<IdempotentCall, 'key'> & { key: string | undefined },
  run: Run,
) => Promise<APIGatewayProxyResult>;

/** Powertools Idempotency over its own table; idempotent handlers pass it to httpHandler. */
export const idempotency: IdempotencyRunner = (call, run) => withIdempotency(call, run);

export async function withIdempotency(
  call: Omit<IdempotentCall, 'key'> & { key: string | undefined },
  run: Run,
): Promise<APIGatewayProxyResult> {
  if (call.key === undefined) return run();
  if (!KEY_PATTERN.test(call.key)) {
    throw new ValidationError('the Idempotency-Key header is malformed', [
      { path: 'headers.idempotency-key', message: 'must be 8-128 characters of A-Z a-z 0-9 . _ : -' },
    ]);
  }
  try {
    const fn = idempotent();
    return await fn({ ...call, key: call.key }, run);
  } catch (error) {
    if (error instanceof IdempotencyValidationError) {
      throw new ConflictError('this Idempotency-Key was already used with a different request body');
    }
    if (error instanceof IdempotencyAlreadyInProgressError) {
      throw new ConflictError('a request with this Idempotency-Key is still in progress; retry shortly');
    }
    // Powertools wraps the function's own errors; surface the original (a domain error maps to 4xx).
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && (error as Error).name === 'IdempotencyUnknownError') throw cause;
    throw error;
  }
}

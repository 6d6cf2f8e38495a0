import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { env } from '../../config/env.js';
import { ValidationError } from '../../domain/core/errors.js';
import type { Page, PageRequest } from '../../domain/ports.js';
import { stripKeys } from './keys.js';

let documentClient: DynamoDBDocumentClient | undefined;
let rawClient: DynamoDBClient | undefined;

/** One client per execution environment, created on first use (after env is parsed). */
export function dynamoClient(): DynamoDBClient {
  if (!rawClient) {
    const { AWS_REGION, DYNAMODB_ENDPOINT } = env();
    rawClient = new DynamoDBClient({
      region: AWS_REGION,
      ...(DYNAMODB_ENDPOINT ? { endpoint: DYNAMODB_ENDPOINT } : {}),
      maxAttempts: 4,
    });
  }
  return rawClient;
}

export function documentDb(): DynamoDBDocumentClient {
  if (!documentClient) {
    documentClient = DynamoDBDocumentClient.from(dynamoClient(), {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return documentClient;
}

/** Opaque page cursors: the LastEvaluatedKey, base64url-encoded. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(
  cursor: string | undefined,
  field = 'query.cursor',
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    // fall through: a cursor we did not issue
  }
  throw new ValidationError('the cursor is not one this API issued', [
    { path: field, message: 'must be a nextCursor value returned by this API' },
  ]);
}

/** One page of a query: the caller's limit and cursor in, the domain records and the next cursor out. */
export async function queryPage<T>(
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  page: PageRequest,
): Promise<Page<T>> {
  const out = await documentDb().send(
    new QueryCommand({ ...input, Limit: page.limit, ExclusiveStartKey: decodeCursor(page.cursor) }),
  );
  const cursor = encodeCursor(out.LastEvaluatedKey);
  return { items: (out.Items ?? []).map((i) => stripKeys<T>(i)), ...(cursor ? { nextCursor: cursor } : {}) };
}

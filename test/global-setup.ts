import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { WAIT_MS } from './support/eventually.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The DynamoDB Local every test file shares (each file uses its own table prefix). */
    dynamodbEndpoint: string;
  }
}

/** Starts ONE DynamoDB Local (about 3-4 s) for the whole run and stops it at teardown. */
export default async function setup(project: TestProject) {
  // Java starts slowly on a loaded machine: wait as long as any test waits.
  const dynamo = await startDynamoDbLocal({ readyTimeoutMs: WAIT_MS });
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}

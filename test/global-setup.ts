import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The DynamoDB Local every test file shares (each file uses its own table prefix). */
    dynamodbEndpoint: string;
  }
}

/** Starts ONE DynamoDB Local (about 3-4 s) for the whole run and stops it at teardown. */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { repoRoot } from './paths.js';

/** How the local runtime hosts a Lambda function: its handler module and the context Lambda passes it. */

export const LOCAL_REGION_NAME = 'ap-northeast-2';
export const LOCAL_ACCOUNT_ID = '000000000000';

export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;
/** Resolves `functions/<name>/handler.ts`'s `handler`; injectable so tests can use fake handlers. */
export type HandlerLoader = (functionName: string) => Promise<LambdaHandler>;

export function handlerPath(functionName: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(functionName)) throw new Error(`bad function name: ${functionName}`);
  return join(repoRoot, 'functions', functionName, 'handler.ts');
}

/** The default loader: a dynamic import of the handler module (each module is imported once). */
export const importHandler: HandlerLoader = async (functionName) => {
  const file = handlerPath(functionName);
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  const mod = (await import(pathToFileURL(file).href)) as { handler?: unknown };
  if (typeof mod.handler !== 'function') throw new Error(`${file} does not export a handler function`);
  return mod.handler as LambdaHandler;
};

/** The Lambda context object; only promise-style completion, as the handlers are written. */
export function buildContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const unsupported = () => {
    throw new Error('callback-style completion is not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION_NAME}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/**
 * The AWS Step Functions JSON 1.0 protocol over the local engine, so code using `@aws-sdk/client-sfn` with
 * `endpoint` set to this server runs unchanged: `POST /`, `X-Amz-Target: AWSStepFunctions.<Operation>`,
 * `Content-Type: application/x-amz-json-1.0`, errors as HTTP 400 `{"__type": "<Code>", "message": ...}`.
 * Request signatures are not checked (local only).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ExecutionStatus, LocalSfnError, type LocalStepFunctions } from './engine.js';

const MAX_BODY_BYTES = 1024 * 1024;
const CONTENT_TYPE = 'application/x-amz-json-1.0';

type Body = Record<string, unknown>;

/** Dates travel as epoch seconds (awsJson1_0). */
const epochSeconds = (date: Date | undefined) => (date === undefined ? undefined : date.getTime() / 1000);

const str = (body: Body, key: string): string | undefined => {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new LocalSfnError('ValidationException', `${key} must be a string`);
  return value;
};

const required = (body: Body, key: string): string => {
  const value = str(body, key);
  if (value === undefined) throw new LocalSfnError('ValidationException', `${key} is required`);
  return value;
};

type Operation = (engine: LocalStepFunctions, body: Body) => Promise<Body>;

const operations: Record<string, Operation> = {
  async StartExecution(engine, body) {
    const request: { stateMachineArn: string; name?: string; input?: string } = {
      stateMachineArn: required(body, 'stateMachineArn'),
    };
    const name = str(body, 'name');
    const input = str(body, 'input');
    if (name !== undefined) request.name = name;
    if (input !== undefined) request.input = input;
    const out = await engine.startExecution(request);
    return { executionArn: out.executionArn, startDate: epochSeconds(out.startDate) };
  },
  async SendTaskSuccess(engine, body) {
    return engine.sendTaskSuccess({
      taskToken: required(body, 'taskToken'),
      output: required(body, 'output'),
    });
  },
  async SendTaskFailure(engine, body) {
    const request: { taskToken: string; error?: string; cause?: string } = {
      taskToken: required(body, 'taskToken'),
    };
    const error = str(body, 'error');
    const cause = str(body, 'cause');
    if (error !== undefined) request.error = error;
    if (cause !== undefined) request.cause = cause;
    return engine.sendTaskFailure(request);
  },
  async SendTaskHeartbeat(engine, body) {
    return engine.sendTaskHeartbeat({ taskToken: required(body, 'taskToken') });
  },
  async StopExecution(engine, body) {
    const request: { executionArn: string; error?: string; cause?: string } = {
      executionArn: required(body, 'executionArn'),
    };
    const error = str(body, 'error');
    const cause = str(body, 'cause');
    if (error !== undefined) request.error = error;
    if (cause !== undefined) request.cause = cause;
    const out = await engine.stopExecution(request);
    return { stopDate: epochSeconds(out.stopDate) };
  },
  async DescribeExecution(engine, body) {
    const out = await engine.describeExecution({ executionArn: required(body, 'executionArn') });
    return { ...out, startDate: epochSeconds(out.startDate), stopDate: epochSeconds(out.stopDate) };
  },
  async ListExecutions(engine, body) {
    const request: { stateMachineArn: string; statusFilter?: ExecutionStatus } = {
      stateMachineArn: required(body, 'stateMachineArn'),
    };
    const statusFilter = str(body, 'statusFilter');
    if (statusFilter !== undefined) request.statusFilter = statusFilter as ExecutionStatus;
    const out = await engine.listExecutions(request);
    return {
      executions: out.executions.map((item) => ({
        ...item,
        startDate: epochSeconds(item.startDate),
        stopDate: epochSeconds(item.stopDate),
      })),
    };
  },
};

function send(res: ServerResponse, status: number, body: Body, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { __type: code, message }, { 'x-amzn-errortype': code });
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A node:http request listener speaking the Step Functions JSON 1.0 protocol for the local engine. */
export function createSfnHttpHandler(engine: LocalStepFunctions): RequestListener {
  return (req, res) => {
    void (async () => {
      try {
        if (req.method !== 'POST') {
          sendError(res, 405, 'UnknownOperationException', 'Only POST / is supported');
          return;
        }
        const target = String(req.headers['x-amz-target'] ?? '');
        const operationName = target.startsWith('AWSStepFunctions.')
          ? target.slice('AWSStepFunctions.'.length)
          : '';
        const operation = Object.hasOwn(operations, operationName) ? operations[operationName] : undefined;
        if (!operation) {
          sendError(res, 400, 'UnknownOperationException', `Unsupported operation: '${target}'`);
          return;
        }
        const text = await readBody(req);
        if (text === undefined) {
          sendError(res, 413, 'ValidationException', 'Request body too large');
          return;
        }
        let body: unknown;
        try {
          body = text.length === 0 ? {} : JSON.parse(text);
        } catch {
          sendError(res, 400, 'SerializationException', 'Request body is not valid JSON');
          return;
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          sendError(res, 400, 'SerializationException', 'Request body must be a JSON object');
          return;
        }
        send(res, 200, await operation(engine, body as Body));
      } catch (error) {
        if (error instanceof LocalSfnError) sendError(res, 400, error.name, error.message);
        else sendError(res, 500, 'InternalServerError', (error as Error).message ?? String(error));
      }
    })();
  };
}

/** Serve the facade on 127.0.0.1 (ephemeral port by default). */
export async function startSfnServer(
  engine: LocalStepFunctions,
  options: { port?: number; host?: string } = {},
): Promise<{ endpoint: string; port: number; close(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(createSfnHttpHandler(engine));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

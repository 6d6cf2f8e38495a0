/**
 * EventBridge Scheduler's one-time schedules (`at(...)`), locally: the REST-JSON API that
 * `@aws-sdk/client-scheduler` speaks (`POST|PUT|GET|DELETE /schedules/{Name}`), so the production
 * adapter runs unchanged with `endpoint` set here, and a store whose due schedules fire on the
 * BUSINESS clock, earliest first, each deleted once fired (ActionAfterCompletion DELETE).
 * Signatures are not checked (local only).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OneTimeSchedule {
  group: string;
  name: string;
  /** The instant it fires (from `at(yyyy-mm-ddThh:mm:ss)`, UTC). */
  at: Date;
  /** The function name at the end of the target ARN. */
  target: string;
  input: unknown;
}

export interface OneTimeSchedules {
  endpoint: string;
  /** Schedules not fired yet, earliest first (tests and the local admin inspect them). */
  pending(): OneTimeSchedule[];
  /** Fires every schedule due at `now`, earliest first; resolves when all have run. */
  fireDue(now: Date): Promise<number>;
  close(): Promise<void>;
}

class SchedulerError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseAt(expression: unknown): Date {
  const m =
    typeof expression === 'string' ? /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression) : null;
  if (!m)
    throw new SchedulerError(
      'ValidationException',
      400,
      `only at(yyyy-mm-ddThh:mm:ss) schedules are supported locally, not ${String(expression)}`,
    );
  return new Date(`${m[1]}Z`);
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new SchedulerError('ValidationException', 400, 'the request body is not a JSON object');
}

export async function startOneTimeSchedules(opts: {
  invoke: (fn: string, event: unknown) => Promise<unknown>;
  onError?: (schedule: string, error: unknown) => void;
}): Promise<OneTimeSchedules> {
  const store = new Map<string, OneTimeSchedule>();
  const key = (group: string, name: string) => `${group}/${name}`;
  const arnOf = (s: { group: string; name: string }) =>
    `arn:aws:scheduler:ap-northeast-2:000000000000:schedule/${s.group}/${s.name}`;

  function upsert(name: string, body: Record<string, unknown>, create: boolean): OneTimeSchedule {
    const group = typeof body.GroupName === 'string' ? body.GroupName : 'default';
    const k = key(group, name);
    if (create && store.has(k))
      throw new SchedulerError('ConflictException', 409, `schedule ${k} already exists`);
    if (!create && !store.has(k))
      throw new SchedulerError('ResourceNotFoundException', 404, `schedule ${k} does not exist`);
    const target = body.Target as { Arn?: unknown; Input?: unknown } | undefined;
    if (typeof target?.Arn !== 'string')
      throw new SchedulerError('ValidationException', 400, 'Target.Arn is required');
    const schedule: OneTimeSchedule = {
      group,
      name,
      at: parseAt(body.ScheduleExpression),
      target: target.Arn.split(':').at(-1)!,
      input: typeof target.Input === 'string' ? JSON.parse(target.Input) : {},
    };
    store.set(k, schedule);
    return schedule;
  }

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://local');
        const m = /^\/schedules\/([^/]+)$/.exec(url.pathname);
        if (!m) throw new SchedulerError('ValidationException', 400, `unsupported path ${url.pathname}`);
        const name = decodeURIComponent(m[1]!);
        const group = url.searchParams.get('groupName') ?? 'default';
        if (req.method === 'POST')
          send(res, 200, { ScheduleArn: arnOf(upsert(name, await readJson(req), true)) });
        else if (req.method === 'PUT')
          send(res, 200, { ScheduleArn: arnOf(upsert(name, await readJson(req), false)) });
        else if (req.method === 'DELETE') {
          if (!store.delete(key(group, name)))
            throw new SchedulerError(
              'ResourceNotFoundException',
              404,
              `schedule ${group}/${name} does not exist`,
            );
          send(res, 200, {});
        } else if (req.method === 'GET') {
          const s = store.get(key(group, name));
          if (!s)
            throw new SchedulerError(
              'ResourceNotFoundException',
              404,
              `schedule ${group}/${name} does not exist`,
            );
          send(res, 200, {
            Name: s.name,
            GroupName: s.group,
            Arn: arnOf(s),
            ScheduleExpression: `at(${s.at.toISOString().slice(0, 19)})`,
            State: 'ENABLED',
          });
        } else throw new SchedulerError('ValidationException', 400, `unsupported method ${req.method}`);
      } catch (error) {
        if (error instanceof SchedulerError) send(res, error.status, { Message: error.message }, error.code);
        else send(res, 500, { Message: String(error) }, 'InternalServerException');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let firing: Promise<number> | undefined;
  async function fire(now: Date): Promise<number> {
    let fired = 0;
    for (;;) {
      const due = [...store.entries()]
        .filter(([, s]) => s.at.getTime() <= now.getTime())
        .sort(([, a], [, b]) => a.at.getTime() - b.at.getTime())[0];
      if (!due) return fired;
      const [k, s] = due;
      // Deleted before it runs, as Scheduler does after completion; a re-plan made by the
      // target's own write (through the stream) creates the next one.
      store.delete(k);
      fired++;
      await opts.invoke(s.target, s.input).catch((e) => opts.onError?.(k, e));
    }
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    pending: () => [...store.values()].sort((a, b) => a.at.getTime() - b.at.getTime()),
    fireDue(now) {
      // One run at a time: a tick during a run waits for it, then fires what became due.
      const run = (firing ?? Promise.resolve(0)).then(() => fire(now));
      const tracked: Promise<number> = run
        .finally(() => {
          if (firing === tracked) firing = undefined;
        })
        .catch(() => 0);
      firing = tracked;
      return run;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

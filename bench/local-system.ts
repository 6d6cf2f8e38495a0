import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { mintLocalToken } from '../infra/local/keys.js';
import { repoRoot } from '../infra/local/paths.js';

/**
 * The whole local system as `npm start` runs it, in a child process (so load generated here does
 * not share its event loop), over a DynamoDB Local this process owns (so it can seed it directly).
 */
export interface LocalSystem {
  url: string;
  dynamodb: DynamoDbLocal;
  tablePrefix: string;
  token(claims: Parameters<typeof mintLocalToken>[0]): Promise<string>;
  stop(): Promise<void>;
}

export async function startLocalSystem(): Promise<LocalSystem> {
  const dynamodb = await startDynamoDbLocal();
  const port = await freePort();
  const tablePrefix = `bench${Date.now().toString(36)}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'infra', 'local', 'start.ts'),
      '--dynamodb-endpoint',
      dynamodb.endpoint,
      '--table-prefix',
      tablePrefix,
      // The benchmarks run their own verifying receivers in this process (bench/fan-out.ts), to time them.
      '--no-relays',
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, PORT: String(port), POWERTOOLS_LOG_LEVEL: 'ERROR' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error('the local runtime did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dynamodb,
    tablePrefix,
    token: (claims) => mintLocalToken(claims),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await dynamodb.stop();
    },
  };
}

/**
 * `npm start`: the whole system on this machine (the same route table, handlers, tables, queues and ASL files as AWS, on a business clock).
 *   PORT=3000 (default)   --persist DIR   --dynamodb-endpoint URL   --table-prefix NAME   --no-relays (LOCAL_RELAYS=off)
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureConsoleBuilt } from './console-build.js';
import { LocalStartupError } from './errors.js';
import { type LocalRuntime, startLocalRuntime } from './runtime.js';

const USAGE = `usage: [PORT=3000] [LOCAL_RELAYS=off] npm start -- [--persist DIR] [--dynamodb-endpoint URL] [--table-prefix NAME] [--no-relays]

  --persist DIR             keep DynamoDB Local's data in DIR (default: in memory, gone on exit)
  --dynamodb-endpoint URL   use an already running DynamoDB Local instead of starting one
  --table-prefix NAME       physical tables NAME-registry, NAME-idempotency (default: local)
  --no-relays               no local relay receivers (also LOCAL_RELAYS=off): the relays' webhooks are
                            left as they are (on a fresh start: none, so notices end FAILED, NO_WEBHOOK)`;

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/**
 * The command line, without exiting: throws on an unknown or malformed option. The local relays are
 * on unless `--no-relays` or LOCAL_RELAYS is 0/false/off/no.
 */
export function parseStartArgs(argv: string[], env: NodeJS.ProcessEnv = process.env) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    allowNegative: true,
    options: {
      persist: { type: 'string' },
      'dynamodb-endpoint': { type: 'string' },
      'table-prefix': { type: 'string' },
      relays: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const fromEnv = !/^(0|false|off|no)$/i.test(env.LOCAL_RELAYS?.trim() ?? '');
  return { ...values, relays: values.relays ?? fromEnv };
}

function parse(argv: string[]) {
  try {
    return parseStartArgs(argv);
  } catch (e) {
    return fail(`error: ${(e as Error).message}\n\n${USAGE}`, 2);
  }
}

function banner(runtime: LocalRuntime, persistDir: string | undefined, seconds: string): string {
  const u = runtime.url;
  const storage = persistDir ? `persisted in ${persistDir}` : 'in memory';
  return [
    `Local runtime ready in ${seconds} s: ${u}`,
    `  Console: ${u}/console/ (local sign-in: pick a role)`,
    `  DynamoDB Local ${runtime.dynamodbEndpoint} (${storage}), tables ${runtime.tables.registry}, ${runtime.tables.idempotency}`,
    runtime.relays.length > 0
      ? `  Relays: ${runtime.relays.length} local receivers (${runtime.relays.map((r) => r.relayId).join(', ')}) verify each notice and log one line; --no-relays turns them off`
      : '  Relays: no local receivers (--no-relays); notices to relays without a webhook end FAILED (NO_WEBHOOK)',
    '',
    'Mint a local token (signed with .local/keys/; never valid in AWS):',
    '  npm run --silent token -- --role reseller --brn 2208162517',
    '  npm run --silent token -- --role relay --relay-id kt',
    '  npm run --silent token -- --role reviewer        (also committee, monitor, regulator, admin; --expires-in 3600)',
    '',
    'Try:',
    `  curl -s ${u}/health`,
    `  TOKEN=$(npm run --silent token -- --role reseller --brn 2208162517)`,
    `  curl -s -H "Authorization: Bearer $TOKEN" ${u}/v1/resellers/2208162517/eligibility`,
    `  curl -s -H "Authorization: Bearer $(npm run --silent token -- --role relay --relay-id kt)" ${u}/v1/registry`,
    `  curl -s -X POST -H "Authorization: Bearer $(npm run --silent token -- --role admin)" \\`,
    `       -H 'content-type: application/json' -d '{"advanceSeconds": 86400}' ${u}/_local/clock`,
    '',
    'Ctrl+C stops it.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const rawPort = process.env.PORT ?? '3000';
  if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535)
    fail(`PORT must be a port number (0-65535), not "${rawPort}"`, 1);

  let runtime: LocalRuntime | undefined;
  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(1); // exit handlers still kill DynamoDB Local
    }
    shuttingDown = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    // Startup still running: exiting runs the exit handlers, which kill a spawned DynamoDB Local.
    if (runtime) await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', (s) => void shutdown(s));
  process.on('SIGTERM', (s) => void shutdown(s));

  const started = performance.now();
  try {
    ensureConsoleBuilt((line) => process.stdout.write(`${line}\n`));
  } catch (e) {
    // The API runs without it; /console/ then says how to build it.
    process.stderr.write(`warning: ${(e as Error).message}\n`);
  }
  const persistDir = args.persist ? resolve(args.persist) : undefined;
  try {
    runtime = await startLocalRuntime({
      port: Number(rawPort),
      host: '127.0.0.1',
      tablePrefix: args['table-prefix'] ?? 'local',
      relays: args.relays,
      ...(persistDir ? { persistDir } : {}),
      ...(args['dynamodb-endpoint'] ? { dynamodbEndpoint: args['dynamodb-endpoint'] } : {}),
    });
  } catch (e) {
    if (e instanceof LocalStartupError) fail(`error: ${e.message}`, 1);
    throw e;
  }
  process.stdout.write(banner(runtime, persistDir, ((performance.now() - started) / 1000).toFixed(1)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => fail(`error: the local runtime failed to start: ${(e as Error)?.stack ?? e}`, 1));
}

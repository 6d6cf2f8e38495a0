/**
 * `npm run --silent verify-log -- --url <base>`: verifies the registry's transparency log from its
 * public checkpoint and tiles (`<base>/log/...`), prints one line per check and a summary, and
 * exits non-zero naming what broke. The last verified checkpoint is kept in a small state file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type SeenCheckpoint, type VerifyReport, verifyLog } from './verify-log.js';

export const USAGE = `usage: npm run --silent verify-log -- --url <base> [options]

  --url <base>       where the log is served: <base>/log/checkpoint, <base>/log/tile/...
  --vkey <vkey>      the log's verifier key (default: pinned at the first run from <base>/log/vkey)
  --state <file>     the last verified checkpoint (default .local/verify-log/<host>.json)
  --latest <n>       inclusion proofs checked for the newest n entries (default 5)`;

export function defaultStateFile(url: string): string {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const name = new URL(url).host.replace(/[^A-Za-z0-9.-]/g, '_');
  return join(root, '.local', 'verify-log', `${name}.json`);
}

function readSeen(file: string): SeenCheckpoint | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SeenCheckpoint;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`state file ${file} is unreadable: ${(e as Error).message}`);
  }
}

function writeSeen(file: string, seen: SeenCheckpoint) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(seen, null, 2)}\n`);
  renameSync(tmp, file);
}

export function httpGetter(base: string) {
  const prefix = `${base.replace(/\/+$/, '')}/log/`;
  return async (path: string): Promise<Uint8Array | undefined> => {
    const res = await fetch(`${prefix}${path}`);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`GET ${prefix}${path} answered ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

export function formatReport(report: VerifyReport): string {
  const lines = report.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}`);
  const failed = report.checks.filter((c) => !c.ok);
  lines.push(
    failed.length === 0
      ? `verified: ${report.checks.length} checks passed; tree size ${report.seen?.size}, root ${report.seen?.root}`
      : `NOT VERIFIED: ${failed.length} of ${report.checks.length} checks failed (${failed.map((c) => c.name).join(', ')})`,
  );
  return `${lines.join('\n')}\n`;
}

export async function runVerifyLog(
  argv: readonly string[],
  out: { write(text: string): unknown } = process.stdout,
): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        url: { type: 'string' },
        vkey: { type: 'string' },
        state: { type: 'string' },
        latest: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    out.write(`error: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  const url = values.url as string | undefined;
  if (!url || !/^https?:\/\//.test(url)) {
    out.write(`error: --url <base> (http or https) is required\n\n${USAGE}\n`);
    return 2;
  }
  const latest = values.latest === undefined ? 5 : Number(values.latest);
  if (!Number.isInteger(latest) || latest < 0) {
    out.write('error: --latest must be a whole number\n');
    return 2;
  }
  const stateFile = resolve((values.state as string | undefined) ?? defaultStateFile(url));
  const seen = readSeen(stateFile);
  const report = await verifyLog({
    get: httpGetter(url),
    latest,
    ...(values.vkey ? { vkey: values.vkey as string } : {}),
    ...(seen ? { seen } : {}),
  });
  out.write(formatReport(report));
  if (report.ok && report.seen) writeSeen(stateFile, report.seen);
  return report.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runVerifyLog(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}

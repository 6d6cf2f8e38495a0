import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { LAMBDA_BUILD_OPTIONS } from '../infra/bundling/options.js';
import { repoRoot } from '../infra/local/paths.js';
import { routeList } from '../shared/http/routes.js';
import { queues, schedules, streamConsumers, taskFunctions } from '../shared/topology.js';
import { fmt, kb, median, run, table } from './support.js';

export const BUNDLE_LIMIT = 350 * 1024;
export const IMPORT_RATIO_LIMIT = 2.5;
const RUNS = 9;

export function allFunctions(): string[] {
  return [
    ...new Set([
      ...routeList.filter((r) => !r.localOnly).map((r) => r.function),
      ...taskFunctions.map((f) => f.function),
      ...schedules.map((s) => s.function),
      ...queues.map((q) => q.consumer),
      ...streamConsumers.map((c) => c.function),
    ]),
  ].sort();
}

/** Builds one entry exactly as CDK's NodejsFunction does (infra/bundling/options.ts). */
async function bundle(entry: string, outfile: string): Promise<number> {
  await build({ ...LAMBDA_BUILD_OPTIONS, entryPoints: [entry], outfile, logLevel: 'error' });
  return statSync(outfile).size;
}

/** A fresh `node` process that imports the bundle and reports the import time it measured. */
async function coldStart(file: string): Promise<{ wallMs: number; importMs: number }> {
  const url = pathToFileURL(file).href;
  const script = `const t=performance.now();await import(${JSON.stringify(url)});process.stdout.write(String(performance.now()-t));`;
  const { stdout, ms } = await run(process.execPath, ['--input-type=module', '-e', script], {
    ...process.env,
    AWS_REGION: 'ap-northeast-2',
  });
  return { wallMs: ms, importMs: Number(stdout) };
}

async function measure(file: string) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) samples.push(await coldStart(file));
  return { wallMs: median(samples.map((s) => s.wallMs)), importMs: median(samples.map((s) => s.importMs)) };
}

export async function benchBundles(): Promise<{ worstRatio: number; largest: number }> {
  const dir = join(repoRoot, '.bench', 'bundles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const emptyEntry = join(dir, 'empty-handler.ts');
  writeFileSync(emptyEntry, "export const handler = async () => ({ statusCode: 200, body: '{}' });\n");
  const emptyFile = join(dir, 'empty', 'index.mjs');
  const emptySize = await bundle(emptyEntry, emptyFile);
  const baseline = await measure(emptyFile);
  const rows: (string | number)[][] = [
    ['(empty handler)', kb(emptySize), fmt(baseline.wallMs), fmt(baseline.importMs, 2), '1.00', 'baseline'],
  ];
  let worstRatio = 0;
  let largest = 0;
  for (const fn of allFunctions()) {
    const file = join(dir, fn, 'index.mjs');
    const size = await bundle(join(repoRoot, 'functions', fn, 'handler.ts'), file);
    const m = await measure(file);
    const ratio = m.wallMs / baseline.wallMs;
    worstRatio = Math.max(worstRatio, ratio);
    largest = Math.max(largest, size);
    const ok = size < BUNDLE_LIMIT && ratio <= IMPORT_RATIO_LIMIT ? 'pass' : 'MISS';
    rows.push([fn, kb(size), fmt(m.wallMs), fmt(m.importMs, 2), fmt(ratio, 2), ok]);
  }
  table(
    `Bundles: size and a fresh node process importing it (median of ${RUNS}; bars: < ${BUNDLE_LIMIT / 1024} KB, ratio ≤ ${IMPORT_RATIO_LIMIT})`,
    ['function', 'size', 'process ms', 'import ms', 'ratio', 'bar'],
    rows,
  );
  const misses = rows.filter((r) => r[5] === 'MISS').length;
  console.log(
    `\n${misses} of ${rows.length - 1} bundles miss a bar; largest ${kb(largest)}, worst import ratio ${fmt(worstRatio, 2)}`,
  );
  return { worstRatio, largest };
}

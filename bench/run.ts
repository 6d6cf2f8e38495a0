/**
 * `npm run bench`: what users of a serverless registry care about, each figure next to a baseline
 * measured in the same run (machines here are shared and noisy: ratios hold, absolute times less).
 *   npm run bench -- --only bundles,read-path,intake,fan-out,time-driven,console,verifiable,scale,cost
 *   npm run bench -- --only scale,cost --scale-reports 20000
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchBundles } from './bundles.js';

const PARTS = [
  'bundles',
  'read-path',
  'intake',
  'fan-out',
  'time-driven',
  'console',
  'verifiable',
  'scale',
  'cost',
];
const USAGE = `usage: npm run bench [-- --only <part>[,<part>...]] [--scale-reports N]
parts: ${PARTS.join(', ')} (default: all)`;

function usage(message?: string): never {
  if (message) console.error(`npm run bench: ${message}`);
  console.error(USAGE);
  process.exit(message ? 2 : 0);
}

let values: { only?: string; 'scale-reports'?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      only: { type: 'string' },
      'scale-reports': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  usage((error as Error).message);
}
if (values.help) usage();
const wanted = new Set((values.only ?? PARTS.join(',')).split(',').map((p) => p.trim()));
const unknown = [...wanted].filter((p) => !PARTS.includes(p));
if (unknown.length > 0) usage(`unknown part${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);

console.log(
  `# Benchmarks — ${new Date().toISOString()} — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
);

if (wanted.has('bundles')) await benchBundles();
if (wanted.has('read-path')) await (await import('./read-path.js')).benchReadPath();
if (wanted.has('fan-out')) await (await import('./fan-out.js')).benchFanOut();
if (wanted.has('time-driven')) await (await import('./time-driven.js')).benchTimeDriven();
if (wanted.has('console')) await (await import('./console.js')).benchConsole();
if (wanted.has('verifiable')) await (await import('./verifiable-registry.js')).benchVerifiableRegistry();
// Intake and scale each bind the process to their own tables (handlers read the environment once):
// when both run, the scale part and the cost model built on it run in a child process.
if (wanted.has('intake')) await (await import('./intake.js')).benchIntake();
const later = ['scale', 'cost'].filter((p) => wanted.has(p));
if (later.length > 0 && wanted.has('intake')) {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--only', later.join(',')];
  if (values['scale-reports']) args.push('--scale-reports', values['scale-reports']);
  const code = await new Promise<number | null>((resolve) =>
    spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] }).on('exit', resolve),
  );
  if (code !== 0) throw new Error(`the scale part exited ${code}`);
} else if (later.length > 0) {
  const scale = await (await import('./scale.js')).benchScale(
    values['scale-reports'] ? { reports: Number(values['scale-reports']) } : {},
  );
  if (wanted.has('cost'))
    (await import('./cost.js')).benchCost({
      source: `the scale part (${scale.reports.toLocaleString('en')} reports)`,
      writeRequests: scale.writeRequests / scale.reports,
      readRequests: scale.readRequests / scale.reports,
      wcu: scale.wcu / scale.reports,
      rcu: scale.rcu / scale.reports,
      lambdaMsPerReport: (scale.seconds * 1000) / scale.reports,
    });
}
process.exit(0);

/**
 * `npm run bench`: what users of a serverless registry care about, each figure next to a baseline
 * measured in the same run (machines here are shared and noisy: ratios hold, absolute times less).
 *   npm run bench -- --only bundles,read-path,intake,fan-out,time-driven
 */
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { benchBundles } from './bundles.js';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const wanted = new Set((values.only ?? 'bundles,read-path,intake,fan-out,time-driven').split(','));

console.log(
  `# Benchmarks — ${new Date().toISOString()} — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
);

if (wanted.has('bundles')) await benchBundles();
if (wanted.has('read-path')) await (await import('./read-path.js')).benchReadPath();
if (wanted.has('intake')) await (await import('./intake.js')).benchIntake();
if (wanted.has('fan-out')) await (await import('./fan-out.js')).benchFanOut();
if (wanted.has('time-driven')) await (await import('./time-driven.js')).benchTimeDriven();
process.exit(0);

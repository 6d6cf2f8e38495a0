import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/**
 * Builds the console (Vite) when its output is missing or older than its sources, so `npm start` and
 * the browser tests on a fresh clone just work. The build takes a couple of seconds.
 */
export const CONSOLE_ROOT = join(repoRoot, 'console');
export const CONSOLE_DIST = join(CONSOLE_ROOT, 'dist');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function consoleBuildIsStale(): boolean {
  const built = newestMtime(join(CONSOLE_DIST, 'index.html'));
  const sources = Math.max(
    newestMtime(join(CONSOLE_ROOT, 'src')),
    newestMtime(join(CONSOLE_ROOT, 'index.html')),
    newestMtime(join(CONSOLE_ROOT, 'vite.config.ts')),
    newestMtime(join(repoRoot, 'package-lock.json')),
  );
  return built === 0 || built < sources;
}

/** Runs `vite build` when stale; throws with Vite's output when the build fails. */
export function ensureConsoleBuilt(log: (line: string) => void = () => {}): 'fresh' | 'built' {
  if (!consoleBuildIsStale()) return 'fresh';
  log('building the console (console/dist)…');
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', join(CONSOLE_ROOT, 'vite.config.ts'), '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    throw new Error(`the console build failed:\n${result.stdout}${result.stderr}`);
  }
  return 'built';
}

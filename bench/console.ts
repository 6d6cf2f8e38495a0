import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../infra/local/console-build.js';
import { startLocalSystem } from './local-system.js';
import { fmt, median, table } from './support.js';

/** The console's first screen must stay under this (JS + CSS, gzipped); reported, not asserted. */
export const FIRST_SCREEN_BUDGET = 250 * 1024;
const RUNS = 5;
const kb1 = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

interface Asset {
  file: string;
  raw: number;
  gzip: number;
  firstScreen: boolean;
}

/** Every built file; the first screen is what index.html loads (entry script, its preloads, CSS). */
export function consoleAssets(dist = CONSOLE_DIST): Asset[] {
  const index = readFileSync(join(dist, 'index.html'), 'utf8');
  const referenced = new Set([...index.matchAll(/(?:src|href)="\/console\/([^"]+)"/g)].map((m) => m[1]!));
  return readdirSync(join(dist, 'assets'))
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => {
      const body = readFileSync(join(dist, 'assets', f));
      return {
        file: `assets/${f}`,
        raw: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
        firstScreen: referenced.has(`assets/${f}`),
      };
    })
    .sort((a, b) => Number(b.firstScreen) - Number(a.firstScreen) || b.gzip - a.gzip);
}

/** Opens the console in Debian's chromium: time to the sign-in form, and to a signed-in status screen. */
async function timeToFirstScreen(url: string, token: string) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const signIn: number[] = [];
  const status: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      let started = performance.now();
      await page.goto(`${url}/console/`);
      await page.getByRole('button', { name: '로그인' }).waitFor();
      signIn.push(performance.now() - started);
      // A signed-in reload: the status screen loads its data from the API.
      await page.evaluate((t) => {
        sessionStorage.setItem('console.session.token', t);
        (globalThis as unknown as { location: { hash: string } }).location.hash = '/status';
      }, token);
      started = performance.now();
      await page.reload();
      await page.getByText('발송 자격').waitFor();
      status.push(performance.now() - started);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { signIn, status };
}

export async function benchConsole(): Promise<void> {
  ensureConsoleBuilt((line) => console.log(line));
  const assets = consoleAssets();
  const first = assets.filter((a) => a.firstScreen);
  const sum = (xs: Asset[], k: 'raw' | 'gzip') => xs.reduce((n, a) => n + a[k], 0);
  table(
    'console bundles (Vite build; the first screen is what index.html loads, the rest loads on demand)',
    ['file', 'raw', 'gzip', 'first screen'],
    [
      ...assets.map((a) => [a.file, kb1(a.raw), kb1(a.gzip), a.firstScreen ? 'yes' : 'lazy']),
      [
        'first screen total',
        kb1(sum(first, 'raw')),
        kb1(sum(first, 'gzip')),
        `budget ${kb1(FIRST_SCREEN_BUDGET)}`,
      ],
      ['all files', kb1(sum(assets, 'raw')), kb1(sum(assets, 'gzip')), ''],
    ],
  );

  const system = await startLocalSystem();
  try {
    const token = await system.token({ role: 'reseller', brn: '2208162517' });
    const { signIn, status } = await timeToFirstScreen(system.url, token);
    table(
      `console: time to first screen in chromium (local runtime, ${RUNS} fresh profiles)`,
      ['screen', 'median ms', 'max ms'],
      [
        ['sign-in form visible (cold load)', fmt(median(signIn)), fmt(Math.max(...signIn))],
        ['reseller status with its eligibility', fmt(median(status)), fmt(Math.max(...status))],
      ],
    );
  } finally {
    await system.stop();
  }
}

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { repoRoot } from '../../infra/local/paths.js';

/**
 * Debian's chromium driven by playwright-core (no browser download), screenshots into the git-ignored
 * test-results/console/, and axe-core run inside each page.
 */
export const SCREENSHOT_DIR = join(repoRoot, 'test-results', 'console');
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
}

export interface SignIn {
  role: 'reseller' | 'relay' | 'reviewer' | 'committee' | 'regulator' | 'admin';
  brn?: string;
  relayId?: string;
}

/** A fresh browser profile signed in through the console's local sign-in page. */
export async function signedIn(
  browser: Browser,
  baseUrl: string,
  who: SignIn,
): Promise<{ context: BrowserContext; page: Page }> {
  // The page's CSP forbids inline scripts; axe is injected as one, so the test context bypasses it.
  const context = await browser.newContext({ bypassCSP: true, locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('역할').selectOption(who.role);
  if (who.brn) await page.getByLabel('사업자등록번호').fill(who.brn);
  if (who.relayId) await page.getByLabel('중계사업자 ID').selectOption(who.relayId);
  await page.getByRole('button', { name: '로그인' }).click();
  await page.getByRole('navigation', { name: '주 메뉴' }).waitFor();
  return { context, page };
}

/** Opens a screen by its hash path and waits until it has loaded. */
export async function open(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = p;
  }, path);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  // The screen's data is in once its loading line is gone.
  await expect
    .poll(() => page.locator('main [aria-live="polite"].muted').count(), { timeout: 15_000 })
    .toBe(0);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the page as it is now: no serious or critical violation; a screenshot either way. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE_SOURCE });
  // Runs in the page (the tests' tsconfig has no DOM types): axe.run() checks the whole document.
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  });
  const grave = (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(grave, `accessibility of ${name}`).toEqual([]);
}

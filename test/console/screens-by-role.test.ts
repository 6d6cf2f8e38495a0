import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { startTestRuntime } from '../support/local-runtime.js';
import { expectAccessible, launchBrowser, open, signedIn } from './browser.js';

/**
 * The rest of each role's screens in a real browser: they load from the API, work with the keyboard
 * and labels axe can check, and do their one job (an import shows row-by-row errors, the snapshot
 * downloads with progress, the language switch turns the console English).
 */
const BROWSER_STEP_MS = 180_000;
let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  [runtime, browser] = await Promise.all([startTestRuntime(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('the console’s screens by role', () => {
  it(
    'gives a reseller its sanctions, notifications and application list, in Korean or English',
    async () => {
      const { page, context } = await signedIn(browser, runtime.url, { role: 'reseller', brn: '6100000001' });
      for (const [path, name] of [
        ['/applications', 'reseller-applications'],
        ['/sanctions', 'reseller-sanctions'],
        ['/notifications', 'reseller-notifications'],
        ['/sender-codes', 'reseller-sender-codes'],
      ] as const) {
        await open(page, path);
        await expectAccessible(page, name);
      }
      await page.getByLabel('언어').selectOption('en');
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await open(page, '/status');
      await page.getByRole('heading', { name: 'Status' }).waitFor();
      await expectAccessible(page, 'reseller-status-english');
      await context.close();
    },
    BROWSER_STEP_MS,
  );

  it(
    'gives a relay the registry snapshot with progress, the change feed and its webhook settings',
    async () => {
      const { page, context } = await signedIn(browser, runtime.url, { role: 'relay', relayId: 'lguplus' });
      await open(page, '/registry');
      await page.getByRole('button', { name: '내려받기' }).click();
      await page.getByRole('status').waitFor();
      expect(await page.locator('progress').count()).toBe(1);
      await expectAccessible(page, 'relay-registry');
      await open(page, '/changes');
      await expectAccessible(page, 'relay-changes');
      await open(page, '/webhook');
      await expectAccessible(page, 'relay-webhook');
      await context.close();
    },
    BROWSER_STEP_MS,
  );

  it(
    'gives the regulator the monthly statistics as charts and the reviewer a reseller’s record',
    async () => {
      const regulator = await signedIn(browser, runtime.url, { role: 'regulator' });
      await open(regulator.page, '/dashboard');
      await regulator.page.locator('canvas').first().waitFor();
      await expectAccessible(regulator.page, 'regulator-dashboard');
      await open(regulator.page, '/cases');
      await expectAccessible(regulator.page, 'regulator-cases');
      await regulator.context.close();

      const reviewer = await signedIn(browser, runtime.url, { role: 'reviewer' });
      await open(reviewer.page, '/resellers/2208162517');
      await reviewer.page.getByRole('heading', { name: '제재 부과' }).waitFor();
      await expectAccessible(reviewer.page, 'reviewer-reseller-record');
      await open(reviewer.page, '/policy');
      await expectAccessible(reviewer.page, 'reviewer-policy');
      await reviewer.context.close();
    },
    BROWSER_STEP_MS,
  );

  it(
    'lets an admin edit relay operators, see the policy and import resellers from CSV with row-by-row errors',
    async () => {
      const { page, context } = await signedIn(browser, runtime.url, { role: 'admin' });
      await open(page, '/relays');
      await expectAccessible(page, 'admin-relays');
      await open(page, '/policy');
      await expectAccessible(page, 'admin-policy');
      await open(page, '/resellers/2208162517');
      await page.getByRole('heading', { name: '폐업 등록' }).waitFor();
      await expectAccessible(page, 'admin-reseller-record');
      await open(page, '/import');
      await page.getByLabel(/CSV/).setInputFiles({
        name: 'existing.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'brn,companyName,registeredAt,relayOperatorIds\n2208162517,기존 사업자,2024-01-15T00:00:00Z,kt\n1234567890,잘못된 번호,2024-01-15T00:00:00Z,kt\n',
        ),
      });
      await page.getByRole('button', { name: '가져오기' }).click();
      const rejected = page.locator('tr.rejected');
      await rejected.first().waitFor();
      expect(await rejected.count()).toBe(1);
      expect(await rejected.first().textContent()).toMatch(/brn/);
      await expectAccessible(page, 'admin-import');
      await context.close();
    },
    BROWSER_STEP_MS,
  );
});

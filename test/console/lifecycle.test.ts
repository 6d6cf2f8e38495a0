import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RelayReceiver, relayReceiver } from '../../infra/local/relay-receivers.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { as, client } from '../support/http-client.js';
import { lifecycleE2e } from '../support/lifecycle-e2e.js';
import { startTestRuntime } from '../support/local-runtime.js';
import { expectAccessible, launchBrowser, open, signedIn } from './browser.js';

/**
 * The certificate's life after issuance in a real browser against the local runtime: a reseller sees
 * its certificate and attestation and objects to a sanction, the committee decides the objection, a
 * reviewer records an inspection result, the regulator searches the audit trail, and a relay sees its
 * failed deliveries and re-drives them. axe-core checks every new screen.
 */
const BRN = '1248100998';
const BROWSER_STEP_MS = 180_000;
const secretsDir = mkdtempSync(join(tmpdir(), 'console-lifecycle-secrets-'));
process.env.LOCAL_SECRETS_DIR = secretsDir;

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let browser: Browser;
let receiver: RelayReceiver | undefined;
const life = lifecycleE2e(
  () => api,
  () => runtime,
);

beforeAll(async () => {
  [runtime, browser] = await Promise.all([startTestRuntime(), launchBrowser()]);
  api = client(runtime);
  await life.setClock('2026-03-02T00:00:00Z');
  // No relay has a webhook yet: every notice fails for good at once (the relay catches up from the feed).
  await life.certify(BRN);
}, BROWSER_STEP_MS);
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await receiver?.stop();
  rmSync(secretsDir, { recursive: true, force: true });
});

describe('the console in a browser: the certificate’s life after issuance', () => {
  let sanctionId: string;
  let objectionId: string;

  it(
    'shows the reseller its certificate, attestation, cases and change reports (field errors beside the field)',
    async () => {
      const { page, context } = await signedIn(browser, runtime.url, { role: 'reseller', brn: BRN });
      await open(page, '/certificate');
      await page.getByText('C-').first().waitFor();
      // The attestation's claims, decoded; its expiry in KST with the UTC instant on hover.
      await page.getByRole('heading', { name: '클레임' }).waitFor();
      expect(await page.locator('dl code', { hasText: BRN }).count()).toBeGreaterThan(0);
      expect(await page.locator('time[title$="(UTC)"]').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'reseller-certificate');

      await open(page, '/my-cases');
      await expectAccessible(page, 'reseller-my-cases');

      await open(page, '/change-reports');
      await page.getByLabel('대표자 성명').fill('이몽룡');
      await page.getByLabel('대표자 전화번호').fill('010-9999-8888');
      await page.getByLabel('대표자 이메일').fill('not-an-email');
      await page.getByRole('button', { name: '제출' }).click();
      const email = page.getByLabel('대표자 이메일');
      await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
      const errorId = await email.getAttribute('aria-describedby');
      expect(await page.locator(`#${errorId}`).textContent()).toMatch(/email/i);
      await expectAccessible(page, 'reseller-change-report-field-error');
      await email.fill('new-ceo@example.kr');
      // The change happened before the business clock's now (2026-03-02).
      await page.getByLabel('변경일 (KST)').fill('2026-03-01T10:00');
      await page.getByRole('button', { name: '제출' }).click();
      await page.getByRole('status').waitFor();
      await page.locator('h2', { hasText: 'chg_' }).first().waitFor();
      await context.close();
    },
    BROWSER_STEP_MS,
  );

  it(
    'lets the reseller object to a sanction from its sanctions, and shows the 409 reason for a second one',
    async () => {
      const imposed = await api.post(`/v1/resellers/${BRN}/sanctions`, {
        as: as.reviewer(),
        body: { type: 'SUSPENSION', reason: '현장 점검 거부' },
      });
      expect(imposed.status).toBe(201);
      sanctionId = imposed.body.sanctionId;

      const { page, context } = await signedIn(browser, runtime.url, { role: 'reseller', brn: BRN });
      await open(page, '/sanctions');
      await page.getByRole('link', { name: `이의신청: ${sanctionId}` }).click();
      await page.getByRole('heading', { name: '이의신청 제출' }).waitFor();
      expect(await page.getByLabel('대상 ID (제재 또는 신청)').inputValue()).toBe(sanctionId);
      await page.getByLabel('이의 사유').fill('점검 일정을 통보받지 못했습니다');
      await page.getByRole('button', { name: '제출' }).click();
      const link = page.getByRole('link', { name: /^obj_/ }).first();
      await link.waitFor();
      objectionId = (await link.textContent())!.trim();
      await expectAccessible(page, 'reseller-objection-filed');

      // A second objection to the same sanction: the API's 409 and its reason.
      await page.getByLabel('이의 사유').fill('다시');
      await page.getByRole('button', { name: '제출' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('현재 상태에서는 처리할 수 없습니다.');
      await expectAccessible(page, 'reseller-objection-409');
      await context.close();
    },
    BROWSER_STEP_MS,
  );

  it(
    'lets the committee see what waits for it, grant a stay and cancel the sanction',
    async () => {
      const { page, context } = await signedIn(browser, runtime.url, { role: 'committee' });
      await open(page, '/decisions');
      await expectAccessible(page, 'committee-decisions');
      await page.getByRole('link', { name: objectionId }).click();
      await page.getByRole('heading', { name: '집행정지 결정' }).waitFor();
      await expectAccessible(page, 'committee-objection');
      await page.getByLabel('인용', { exact: true }).check();
      await page.locator('#stay-comment').fill('결정 시까지 정지');
      await page.getByRole('button', { name: '집행정지 결정' }).click();
      await page.getByText('집행정지 인용').first().waitFor();
      await page.getByLabel('취소', { exact: true }).check();
      await page.locator('#decision-comment').fill('통보 기록이 없음');
      await page.getByRole('button', { name: '이의신청 결정' }).click();
      // Decided: the forms are gone and the objection reads CANCELLED.
      await page.getByRole('heading', { name: '이의신청 결정' }).waitFor({ state: 'detached' });
      await page.locator('.badge-cancelled').first().waitFor();
      const decided = await api.get(`/v1/objections/${objectionId}`, { as: as.committee() });
      expect(decided.body).toMatchObject({ status: 'CANCELLED', stay: { granted: true } });
      await expectAccessible(page, 'committee-objection-decided');
      const sanctions = await api.get(`/v1/resellers/${BRN}/sanctions`, { as: as.reseller(BRN) });
      expect(
        sanctions.body.items.find((s: { sanctionId: string }) => s.sanctionId === sanctionId).state,
      ).toBe('CANCELLED');
      await context.close();
    },
    BROWSER_STEP_MS,
  );

  it(
    'lets a reviewer take an open inspection from the queue and record a FAIL with its failed items',
    async () => {
      await life.setClock('2027-02-01T00:00:00Z');
      const open_ = await life.inspectionBecomes(BRN, 'ANNUAL', 'OPEN');
      const { page, context } = await signedIn(browser, runtime.url, { role: 'reviewer' });
      await open(page, '/inspections');
      await expectAccessible(page, 'reviewer-inspections');
      await page.getByRole('button', { name: `내가 담당: ${open_.inspectionId}` }).click();
      await page.getByLabel('보기').selectOption('mine');
      await page.getByRole('link', { name: open_.inspectionId }).waitFor();
      await page.getByRole('link', { name: open_.inspectionId }).click();
      await page.getByRole('heading', { name: '점검 결과 기록' }).waitFor();
      await page.getByLabel('부적합', { exact: true }).check();
      await page.getByLabel('3.4 미충족').check();
      await page.getByLabel('의견').fill('스팸 차단 설정 미흡');
      await expectAccessible(page, 'reviewer-inspection-result');
      await page.getByRole('button', { name: '점검 결과 기록' }).click();
      await page.getByRole('heading', { name: '점검 결과 기록' }).waitFor({ state: 'detached' });
      await page.getByText('시정 기한').waitFor();
      const recorded = await api.get(`/v1/inspections/${open_.inspectionId}`, { as: as.reviewer() });
      expect(recorded.body).toMatchObject({ status: 'FAILED', result: 'FAIL', failedItems: ['3.4'] });
      await expectAccessible(page, 'reviewer-inspection-failed');
      await open(page, '/change-reviews');
      await page.getByLabel('사업자등록번호').fill(BRN);
      await page.getByRole('button', { name: '조회' }).click();
      await page.locator('h2', { hasText: 'chg_' }).first().waitFor();
      await expectAccessible(page, 'reviewer-change-reviews');
      await context.close();
    },
    BROWSER_STEP_MS,
  );

  it(
    'lets the regulator search the audit trail by entity, paged',
    async () => {
      const { page, context } = await signedIn(browser, runtime.url, { role: 'regulator' });
      await open(page, '/audit');
      await page.getByLabel('대상 (예: reseller#2208162517)').fill(`objection#${objectionId}`);
      await page.getByRole('button', { name: '조회' }).click();
      const rows = page.locator('main tbody tr');
      await expect
        .poll(async () => (await rows.allTextContents()).map((r) => /(OBJECTION|STAY)_[A-Z]+/.exec(r)?.[0]), {
          timeout: 15_000,
        })
        .toEqual(['OBJECTION_CANCELLED', 'STAY_GRANTED', 'OBJECTION_FILED']);
      expect(await page.getByRole('navigation', { name: '1쪽' }).count()).toBe(1);
      await expectAccessible(page, 'regulator-audit');
      await context.close();
    },
    BROWSER_STEP_MS,
  );

  it(
    'shows a relay its failed deliveries and re-drives them once its webhook works',
    async () => {
      // Every notice to lguplus so far failed for good: it had no webhook.
      await expect
        .poll(
          async () =>
            (await api.get('/v1/relay-operators/lguplus/deliveries?status=PENDING', { as: as.admin() })).body
              .items.length,
          { timeout: 30_000 },
        )
        .toBe(0);
      const { page, context } = await signedIn(browser, runtime.url, { role: 'relay', relayId: 'lguplus' });
      await open(page, '/deliveries');
      await page.getByLabel('전송 상태').selectOption('FAILED');
      await page
        .getByText(/NO_WEBHOOK/)
        .first()
        .waitFor();
      await expectAccessible(page, 'relay-deliveries-failed');

      receiver = await relayReceiver('lguplus');
      const settings = await api.put('/v1/relay-operators/lguplus', {
        as: as.admin(),
        body: { name: 'LG U+', webhookUrl: receiver.url, signingSecret: receiver.secret },
      });
      expect(settings.status).toBe(200);
      await page.getByRole('button', { name: '실패 통지 재전송' }).click();
      await page.getByRole('status').filter({ hasText: '다시 보냅니다' }).waitFor();
      await expect
        .poll(() => receiver!.received.filter((n) => n.body.brn === BRN).length, {
          timeout: 30_000,
        })
        .toBeGreaterThan(0);
      await page.getByLabel('전송 상태').selectOption('DELIVERED');
      await page.locator('tbody .badge-delivered').first().waitFor();
      expect(await page.locator('tbody').textContent()).not.toContain('NO_WEBHOOK');
      await expectAccessible(page, 'relay-deliveries-redriven');
      await page.getByLabel('언어').selectOption('en');
      await open(page, '/deliveries');
      await page.getByRole('heading', { name: 'Notice deliveries' }).waitFor();
      await page.getByRole('button', { name: 'Re-drive failed notices' }).waitFor();
      await expectAccessible(page, 'relay-deliveries-english');
      await context.close();
    },
    BROWSER_STEP_MS,
  );
});

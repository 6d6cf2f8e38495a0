import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { checklistV7 } from '../../shared/domain/applications/checklist.js';
import { eventually, WAIT_MS } from '../support/eventually.js';
import { as, client } from '../support/http-client.js';
import { startTestRuntime } from '../support/local-runtime.js';
import { spamReports } from '../support/spam-fixtures.js';
import { expectAccessible, launchBrowser, open, screenshot, signedIn } from './browser.js';

/**
 * Each role's main path in a real browser against the local runtime: a reseller applies through the
 * console, a reviewer reviews and records the inspection, the committee certifies, the relay sees the
 * reseller allowed; then confirmed spam: a reviewer confirms the case with a suspension and the relay
 * sees the reseller blocked. axe-core checks every screen on the way.
 */
const BRN = '2208162517';
/** A budget, not a bar: browser steps on a shared 2-core machine. */
const BROWSER_STEP_MS = 180_000;
let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let browser: Browser;
let applicationId: string;

beforeAll(async () => {
  [runtime, browser] = await Promise.all([startTestRuntime(), launchBrowser()]);
  api = client(runtime);
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const statusOf = async (id: string) =>
  (await api.get(`/v1/applications/${id}`, { as: as.reviewer() })).body.status as string;

async function statusBecomes(id: string, status: string) {
  await eventually(async () => expect(await statusOf(id)).toBe(status), WAIT_MS, 200);
}

async function fillApplication(page: Page, email: string) {
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await field('상호').fill('예시메시징 주식회사');
  await field('사업장 주소').fill('서울특별시 강남구 테헤란로 12');
  await field('부가통신사업 신고번호').fill('2024-SEOUL-0001');
  await field('자본금 (원)').fill('300,000,000');
  await field('대표자 성명').fill('홍길동');
  await field('대표자 전화번호').fill('010-1234-5678');
  await field('대표자 이메일').fill(email);
  await field('성명').fill('김철수');
  await field('전화번호').fill('010-2222-3333');
  await field('은행').fill('KB국민은행');
  await field('계좌번호').fill('123-456-789012');
  await field('KT').check();
  await field('WEB').check();
  for (const item of checklistV7.items.filter((i) => i.source === 'attestation')) {
    await field(`${item.id} 이행 근거`).fill(`${item.id} 이행 내용`);
  }
}

describe('the console in a browser: certification, then a sanction', () => {
  it(
    'lets a reseller apply, showing the API’s field errors beside the field and keeping a draft',
    async () => {
      const { page, context } = await signedIn(browser, runtime.url, { role: 'reseller', brn: BRN });
      await expectAccessible(page, 'reseller-status-uncertified');
      await open(page, '/apply');
      await fillApplication(page, 'not-an-email');
      await expectAccessible(page, 'reseller-apply');
      await page.getByRole('button', { name: '제출' }).click();
      const email = page.getByLabel('대표자 이메일', { exact: true });
      await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
      const errorId = await email.getAttribute('aria-describedby');
      expect(await page.locator(`#${errorId}`).textContent()).toMatch(/email/i);
      await expectAccessible(page, 'reseller-apply-field-error');

      // The draft survives a reload.
      await page.reload();
      await page.getByLabel('상호', { exact: true }).waitFor();
      expect(await page.getByLabel('상호', { exact: true }).inputValue()).toBe('예시메시징 주식회사');

      await page.getByLabel('대표자 이메일', { exact: true }).fill('ceo@example.kr');
      await page.getByRole('button', { name: '제출' }).click();
      await page.waitForURL(/#\/applications\/.+/);
      applicationId = decodeURIComponent(page.url().split('#/applications/')[1]!);
      await statusBecomes(applicationId, 'DOCUMENT_REVIEW');
      await page.reload();
      await page.getByText('서류 심사').first().waitFor();
      await expectAccessible(page, 'reseller-application-timeline');
      await context.close();
    },
    BROWSER_STEP_MS,
  );

  it(
    'lets a reviewer pass the documents from the work queue and record the on-site inspection',
    async () => {
      const { page, context } = await signedIn(browser, runtime.url, { role: 'reviewer' });
      await open(page, '/queue');
      await page.getByRole('link', { name: applicationId }).click();
      await page.getByRole('heading', { name: '서류 심사' }).waitFor();
      await expectAccessible(page, 'reviewer-document-review');
      await page.getByLabel('적합', { exact: true }).check();
      await page.getByLabel('의견').fill('서류 완비');
      await page.getByRole('button', { name: '제출' }).click();
      await statusBecomes(applicationId, 'INSPECTION');

      await page.reload();
      await page.getByRole('heading', { name: '현장 실사 기록' }).waitFor();
      await expectAccessible(page, 'reviewer-inspection');
      await page.getByLabel('의견').fill('현장 확인 완료');
      await page.getByRole('button', { name: '제출' }).click();
      await statusBecomes(applicationId, 'COMMITTEE_REVIEW');
      await context.close();
    },
    BROWSER_STEP_MS,
  );

  it(
    'lets the committee certify from its queue, and the relay then sees the reseller allowed',
    async () => {
      const committee = await signedIn(browser, runtime.url, { role: 'committee' });
      await open(committee.page, '/decisions');
      await expectAccessible(committee.page, 'committee-queue');
      await committee.page.getByRole('link', { name: applicationId }).click();
      await committee.page.getByRole('heading', { name: '의결' }).waitFor();
      await expectAccessible(committee.page, 'committee-decision');
      await committee.page.getByLabel('승인', { exact: true }).check();
      await committee.page.getByRole('button', { name: '제출' }).click();
      await statusBecomes(applicationId, 'APPROVED');
      await committee.context.close();

      const relay = await signedIn(browser, runtime.url, { role: 'relay', relayId: 'kt' });
      await open(relay.page, '/eligibility');
      await relay.page.getByLabel('사업자등록번호').fill('220-81-62517');
      await relay.page.getByRole('button', { name: '조회' }).click();
      await expect
        .poll(() => relay.page.getByTestId('eligibility-verdict').textContent())
        .toContain('발송 가능');
      await expectAccessible(relay.page, 'relay-eligibility-allowed');
      await relay.context.close();

      const reseller = await signedIn(browser, runtime.url, { role: 'reseller', brn: BRN });
      await reseller.page.getByText('C-').first().waitFor();
      await screenshot(reseller.page, 'reseller-status-certified');
      await reseller.context.close();
    },
    BROWSER_STEP_MS,
  );

  it(
    'lets a reviewer confirm a spam case with a suspension, and the relay then sees the reseller blocked',
    async () => {
      const reseller = await signedIn(browser, runtime.url, { role: 'reseller', brn: BRN });
      await open(reseller.page, '/sender-codes');
      await reseller.page.getByLabel('식별코드 (줄마다 하나)').fill('FSCONSOLE1');
      await reseller.page.getByRole('button', { name: '저장' }).click();
      await reseller.page.getByRole('status').waitFor();
      await reseller.context.close();

      const receivedAt = new Date(Date.now() - 10 * 60_000).toISOString();
      const reports = spamReports(25, () => ({
        firstSenderCode: 'FSCONSOLE1',
        receivedAt,
        category: 'GAMBLING',
      }));
      const posted = await api.post('/v1/spam-reports', { as: as.monitor(), body: { reports } });
      expect(posted.status).toBe(202);
      await runtime.drain(WAIT_MS);
      await eventually(async () => {
        const cases = await api.get(`/v1/cases?brn=${BRN}&status=OPEN`, { as: as.reviewer() });
        expect(cases.body.items).toHaveLength(1);
      });

      const reviewer = await signedIn(browser, runtime.url, { role: 'reviewer' });
      await open(reviewer.page, '/cases');
      const card = reviewer.page.locator('article[data-case]').first();
      await card.locator('canvas').first().waitFor();
      await expectAccessible(reviewer.page, 'reviewer-spam-case');
      await card.getByLabel('확인', { exact: true }).check();
      await card.getByLabel('제재 종류 (비우면 정책 단계에 따름)').selectOption('SUSPENSION');
      await card.getByLabel('의견').fill('도박 스팸 확인');
      await card.getByRole('button', { name: '제출' }).click();
      await expect
        .poll(
          async () => (await api.get(`/v1/resellers/${BRN}/eligibility`, { as: as.relay() })).body.status,
          { timeout: WAIT_MS },
        )
        .toBe('SUSPENDED');
      await reviewer.context.close();

      const relay = await signedIn(browser, runtime.url, { role: 'relay', relayId: 'kt' });
      await open(relay.page, '/eligibility');
      await relay.page.getByLabel('사업자등록번호').fill(BRN);
      await relay.page.getByRole('button', { name: '조회' }).click();
      await expect
        .poll(() => relay.page.getByTestId('eligibility-verdict').textContent())
        .toContain('발송 차단');
      expect(await relay.page.getByTestId('eligibility-verdict').textContent()).toContain('정지');
      await expectAccessible(relay.page, 'relay-eligibility-blocked');
      await relay.context.close();
    },
    BROWSER_STEP_MS,
  );
});

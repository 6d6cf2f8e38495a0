import { describe, expect, it } from 'vitest';
import type { Application } from '../../../../shared/domain/applications/application.js';
import { identityFingerprints } from '../../../../shared/domain/applications/screening.js';
import {
  listChangeReports,
  reviewChangeReport,
  submitChangeReport,
} from '../../../../shared/domain/change-reports/change-report-use-cases.js';
import { ConflictError, NotFoundError } from '../../../../shared/domain/core/errors.js';
import { applicationBodySchema } from '../../../../shared/schemas/applications.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { lifecycleState } from '../../../support/fakes-lifecycle.js';
import { certifiedReseller, seedRelays } from '../../../support/fakes-sanctions.js';
import { applicationBody, resellerFixture } from '../../../support/fixtures.js';

const BRN = '2208162517';
const owner = principals.reseller(BRN);

function setup() {
  const deps = fakeDeps();
  deps.clock.set('2026-06-20T03:00:00Z');
  seedRelays(deps.store);
  certifiedReseller(deps.store, BRN);
  const { brn: _brn, ...submission } = applicationBodySchema.parse(applicationBody(BRN));
  deps.store.applications.set(`app_${BRN}`, {
    applicationId: `app_${BRN}`,
    brn: BRN,
    status: 'APPROVED',
    submission,
  } as Application);
  const reseller = () => deps.store.resellers.get(BRN)!;
  return { deps, reseller };
}

describe('submitting a change report', () => {
  it('is late only once the 15th KST day after the change has ended', async () => {
    const { deps } = setup();
    // Changed 2026-06-05 10:00 KST: due by the end of 2026-06-20 KST (15:00Z).
    const onTime = await submitChangeReport(deps, owner, BRN, {
      changedAt: '2026-06-05T01:00:00.000Z',
      changes: { officeAddress: '1 Jongno, Seoul' },
    });
    expect(onTime).toMatchObject({ late: false, reportBy: '2026-06-20T15:00:00.000Z' });
    deps.clock.set('2026-06-20T15:00:00.001Z');
    const late = await submitChangeReport(deps, owner, BRN, {
      changedAt: '2026-06-05T01:00:00.000Z',
      changes: { serviceTypes: ['API'] },
    });
    expect(late.late).toBe(true);
  });

  it('records and applies a change that is not material, with a new certificate revision', async () => {
    const { deps, reseller } = setup();
    const report = await submitChangeReport(deps, owner, BRN, {
      changedAt: '2026-06-19T00:00:00.000Z',
      changes: { relayOperatorIds: ['kt', 'skb'] },
    });
    expect(report.status).toBe('RECORDED');
    expect(reseller()).toMatchObject({ relayOperatorIds: ['kt', 'skb'], certificate: { revision: 2 } });
    expect(deps.store.feed).toEqual([]);
  });

  it('sends a material change to review and applies it only when accepted, keeping the old fingerprints', async () => {
    const { deps, reseller } = setup();
    const oldIdentity = identityFingerprints(applicationBody(BRN));
    const report = await submitChangeReport(deps, owner, BRN, {
      changedAt: '2026-06-19T00:00:00.000Z',
      changes: { bankAccount: { bank: 'Shinhan', number: '110-222-333444' } },
    });
    expect(report).toMatchObject({ status: 'UNDER_REVIEW', material: ['bankAccount'] });
    expect(reseller().certificate?.revision).toBeUndefined();
    const accepted = await reviewChangeReport(deps, principals.reviewer(), report.changeReportId, {
      decision: 'ACCEPT',
      comment: 'bank statement seen',
    });
    expect(accepted.status).toBe('ACCEPTED');
    expect(reseller().certificate?.revision).toBe(2);
    expect(reseller().profile?.bankAccount.bank).toBe('Shinhan');
    const newBank = identityFingerprints({
      ...applicationBody(BRN),
      bankAccount: { bank: 'Shinhan', number: '110-222-333444' },
    }).BANK_ACCOUNT;
    expect(reseller().fingerprints?.BANK_ACCOUNT).toEqual([oldIdentity.BANK_ACCOUNT, newBank]);
    await expect(
      reviewChangeReport(deps, principals.reviewer(), report.changeReportId, {
        decision: 'REJECT',
        comment: 'x',
      }),
    ).rejects.toThrow(ConflictError);
  });

  it('rejects at once a capital below the minimum (item 1.1)', async () => {
    const { deps, reseller } = setup();
    const report = await submitChangeReport(deps, owner, BRN, {
      changedAt: '2026-06-19T00:00:00.000Z',
      changes: { paidInCapitalKrw: 100_000_000 },
    });
    expect(report).toMatchObject({ status: 'REJECTED', failedItems: ['1.1'] });
    expect(reseller().profile).toBeUndefined();
  });

  it('flags a new bank account that a revoked reseller reported away from', async () => {
    const { deps } = setup();
    const ghost = identityFingerprints({
      ...applicationBody('1248100998'),
      bankAccount: { bank: 'Woori', number: '999-888-777666' },
    });
    deps.store.resellers.set(
      '1248100998',
      resellerFixture('1248100998', {
        identity: identityFingerprints(
          applicationBody('1248100998', {
            representative: { name: 'Other', phone: '010-9999-0000', email: 'o@x.kr' },
            officeAddress: 'elsewhere',
            bankAccount: { bank: 'NH', number: '000-000-000000' },
          }),
        ),
        fingerprints: { BANK_ACCOUNT: [ghost.BANK_ACCOUNT!] },
        standing: { status: 'REVOKED', since: '2026-03-01T00:00:00.000Z' },
      }),
    );
    const report = await submitChangeReport(deps, owner, BRN, {
      changedAt: '2026-06-19T00:00:00.000Z',
      changes: { bankAccount: { bank: 'Woori', number: '999-888-777666' } },
    });
    expect(report.flags).toEqual([
      expect.objectContaining({ kind: 'BANK_ACCOUNT', matchedBrn: '1248100998' }),
    ]);
  });

  it('hides a reseller’s change reports from another reseller (404) and its flags from the owner', async () => {
    const { deps } = setup();
    await submitChangeReport(deps, owner, BRN, {
      changedAt: '2026-06-19T00:00:00.000Z',
      changes: { officeAddress: '1 Jongno, Seoul' },
    });
    await expect(
      listChangeReports(deps, principals.reseller('1248100998'), BRN, { limit: 10 }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      submitChangeReport(deps, principals.reseller('1248100998'), BRN, {
        changedAt: '2026-06-19T00:00:00.000Z',
        changes: { officeAddress: 'x' },
      }),
    ).rejects.toThrow(NotFoundError);
    const own = await listChangeReports(deps, owner, BRN, { limit: 10 });
    expect(own.items[0]).not.toHaveProperty('flags');
    expect(lifecycleState(deps.store).changeReports.size).toBe(1);
  });
});

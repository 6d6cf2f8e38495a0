import { describe, expect, it } from 'vitest';
import type { Application } from '../../../../shared/domain/applications/application.js';
import {
  identityFingerprints,
  mergeFingerprints,
  screenApplication,
} from '../../../../shared/domain/applications/screening.js';
import { defaultPolicyVersions, policyAt } from '../../../../shared/domain/policy/policy.js';
import type { Reseller } from '../../../../shared/domain/resellers/eligibility.js';
import { applicationBodySchema } from '../../../../shared/schemas/applications.js';
import { applicationBody } from '../../../support/fixtures.js';

const now = new Date('2026-03-01T00:00:00Z');
const policy = policyAt(defaultPolicyVersions, now).parameters;

function application(over: Record<string, unknown> = {}): Application {
  const { brn, ...submission } = applicationBodySchema.parse(applicationBody('2208162517', over));
  return {
    applicationId: 'app_1',
    brn,
    companyName: submission.companyName,
    status: 'SUBMITTED',
    submittedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    revision: 1,
    submission,
    checklistVersion: 7,
    failedItems: [],
    reasons: [],
    flags: [],
    history: [],
  };
}

function revoked(brn: string, identity: Reseller['identity']): Reseller {
  return {
    brn,
    companyName: 'Popup Co',
    existing: false,
    relayOperatorIds: [],
    status: 'REVOKED',
    throttle: null,
    version: 3,
    reason: 'revoked',
    effectiveAt: '2026-01-10T00:00:00.000Z',
    revision: 3,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2026-01-10T00:00:00.000Z',
    identity,
    standing: { status: 'REVOKED', since: '2026-01-10T00:00:00.000Z' },
  };
}

const screen = (app: Application, extra: Partial<Parameters<typeof screenApplication>[0]> = {}) =>
  screenApplication({ application: app, applicant: undefined, badStanding: [], policy, now, ...extra });

describe('screening', () => {
  it('passes a complete application with no flags', () => {
    expect(screen(application())).toEqual({ passed: true, failedItems: [], reasons: [], flags: [] });
  });

  it('rejects missing mandatory checklist items, naming each', () => {
    const app = application();
    app.submission.checklist = app.submission.checklist.filter((e) => !['2.2', '3.4'].includes(e.item));
    const result = screen(app);
    expect(result.passed).toBe(false);
    expect(result.failedItems).toEqual(['2.2', '3.4']);
  });

  it('rejects paid-in capital below the policy minimum as item 1.1', () => {
    const result = screen(application({ paidInCapitalKrw: 299_999_999 }));
    expect(result).toMatchObject({ passed: false, failedItems: ['1.1'] });
    expect(result.reasons[0]).toMatch(/300,000,000/);
  });

  it('rejects when the only anti-spam staff member is the representative (item 1.2)', () => {
    const result = screen(
      application({ antiSpamStaff: [{ name: 'Hong Gildong', phone: '010-9999-9999', employee: true }] }),
    );
    expect(result.failedItems).toEqual(['1.2']);
  });

  it('rejects when the anti-spam staff are not employees', () => {
    const result = screen(
      application({ antiSpamStaff: [{ name: 'Lee', phone: '010-5555-5555', employee: false }] }),
    );
    expect(result.failedItems).toEqual(['1.2']);
  });

  it('rejects an applicant still barred after a revocation', () => {
    const applicant = {
      ...revoked('2208162517', {}),
      revokedAt: '2026-01-01T00:00:00.000Z',
      reapplyAfter: '2027-01-01T00:00:00.000Z',
    };
    const result = screen(application(), { applicant });
    expect(result.passed).toBe(false);
    expect(result.reasons).toEqual([expect.stringMatching(/barred .* until 2027-01-01/)]);
  });

  it('flags, without rejecting, a new applicant sharing a bank account and phone with a revoked reseller', () => {
    const app = application();
    const theirs = identityFingerprints(
      applicationBodySchema.parse(
        applicationBody('1248100998', {
          representative: { name: 'Someone Else', phone: '010 1234 5678', email: 'x@popup.kr' },
          bankAccount: { bank: 'KB', number: '123456789012' },
          officeAddress: 'Elsewhere 1',
        }),
      ),
    );
    const result = screen(app, { badStanding: [revoked('1248100998', theirs)] });
    expect(result.passed).toBe(true);
    expect(result.flags.map((f) => f.kind).sort()).toEqual(['BANK_ACCOUNT', 'PHONE']);
    expect(result.flags[0]).toMatchObject({ matchedBrn: '1248100998', matchedStatus: 'REVOKED' });
    expect(result.flags[0]!.evidence).toMatch(/1248100998 \(REVOKED since 2026-01-10/);
  });

  it('stores fingerprints, never the identity data itself', () => {
    const fp = identityFingerprints(application().submission);
    expect(JSON.stringify(fp)).not.toMatch(/Hong|010|example\.kr|Teheran/);
  });
});

describe('ghost-registration fingerprints over time', () => {
  it('still flags identity data a suspended reseller used before it changed it', () => {
    const old = identityFingerprints(applicationBodySchema.parse(applicationBody('1248100998')));
    const renewed = identityFingerprints(
      applicationBodySchema.parse(
        applicationBody('1248100998', {
          representative: { name: 'Someone Else', phone: '010-9999-0000', email: 'x@new.kr' },
          officeAddress: '99 New-ro, Busan',
          bankAccount: { bank: 'NH', number: '999-99-99999' },
        }),
      ),
    );
    const other: Reseller = {
      brn: '1248100998',
      companyName: 'Former Co',
      existing: false,
      relayOperatorIds: ['kt'],
      identity: renewed,
      fingerprints: mergeFingerprints(undefined, old, renewed),
      // Its suspension ended last month: it still counts within the look-back window.
      standing: { status: 'SUSPENDED', since: '2025-10-01T00:00:00.000Z', until: '2026-02-01T00:00:00.000Z' },
      status: 'CERTIFIED',
      throttle: null,
      version: 3,
      reason: '',
      effectiveAt: '2026-02-01T00:00:00.000Z',
      revision: 5,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z',
    };
    const result = screenApplication({
      application: application(),
      applicant: undefined,
      badStanding: [other],
      policy,
      now,
    });
    expect(result.flags.map((f) => f.kind).sort()).toEqual([
      'ADDRESS',
      'BANK_ACCOUNT',
      'EMAIL',
      'PHONE',
      'REPRESENTATIVE',
    ]);
  });

  it('keeps every fingerprint when a later application changes the identity data', () => {
    const a = { REPRESENTATIVE: 'r1', PHONE: 'p1' };
    const b = { REPRESENTATIVE: 'r2', PHONE: 'p1' };
    expect(mergeFingerprints(mergeFingerprints(undefined, a), b)).toEqual({
      REPRESENTATIVE: ['r1', 'r2'],
      PHONE: ['p1'],
    });
  });
});

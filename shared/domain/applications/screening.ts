import { createHash } from 'node:crypto';
import { parseBrn } from '../core/brn.js';
import type { PolicyParameters } from '../policy/policy.js';
import type { Reseller } from '../resellers/eligibility.js';
import type { Application, ApplicationBody, ScreeningFlag } from './application.js';
import { type Checklist, checklistInForce } from './checklist.js';

/**
 * Automated screening: hard failures reject at once with the failing checklist
 * items; ghost-registration matches never reject, they become flags with evidence for the reviewer.
 */
export type FlagKind = ScreeningFlag['kind'];

/** Salted-free, normalised SHA-256 fingerprints: comparable across resellers, no personal data stored. */
export type IdentityFingerprints = Partial<Record<FlagKind, string>>;

const digits = (s: string) => s.replace(/\D/g, '');
const fold = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s,.\-#()]/g, '');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Every fingerprint ever seen, by kind: the earlier ones kept, the new ones added (no duplicates). */
export function mergeFingerprints(
  known: Reseller['fingerprints'],
  ...more: (Partial<IdentityFingerprints> | undefined)[]
): NonNullable<Reseller['fingerprints']> {
  const merged: NonNullable<Reseller['fingerprints']> = {};
  for (const kind of ['REPRESENTATIVE', 'PHONE', 'EMAIL', 'ADDRESS', 'BANK_ACCOUNT'] as const) {
    const values = new Set(known?.[kind] ?? []);
    for (const m of more) if (m?.[kind]) values.add(m[kind]);
    if (values.size > 0) merged[kind] = [...values];
  }
  return merged;
}

export function identityFingerprints(
  s: Pick<ApplicationBody, 'representative' | 'officeAddress' | 'bankAccount'>,
): IdentityFingerprints {
  return {
    REPRESENTATIVE: sha(`rep:${fold(s.representative.name)}`),
    PHONE: sha(`phone:${digits(s.representative.phone)}`),
    EMAIL: sha(`email:${s.representative.email.trim().toLowerCase()}`),
    ADDRESS: sha(`addr:${fold(s.officeAddress)}`),
    BANK_ACCOUNT: sha(`bank:${fold(s.bankAccount.bank)}:${digits(s.bankAccount.number)}`),
  };
}

const FLAG_LABEL: Record<FlagKind, string> = {
  REPRESENTATIVE: 'representative',
  PHONE: 'representative phone number',
  EMAIL: 'representative e-mail',
  ADDRESS: 'office address',
  BANK_ACCOUNT: 'bank account',
};

export interface ScreeningResult {
  passed: boolean;
  failedItems: string[];
  reasons: string[];
  flags: ScreeningFlag[];
}

export interface ScreeningContext {
  application: Application;
  /** The applicant's own registry record, if any (a revoked reseller may be barred). */
  applicant: Reseller | undefined;
  /** Resellers revoked, suspended or closed within the policy window. */
  badStanding: readonly Reseller[];
  policy: PolicyParameters;
  now: Date;
  checklist?: Checklist;
}

export function screenApplication(ctx: ScreeningContext): ScreeningResult {
  const { application: app, policy, now } = ctx;
  const s = app.submission;
  const checklist = ctx.checklist ?? checklistInForce();
  const failed = new Set<string>();
  const reasons: string[] = [];

  if (!parseBrn(app.brn).ok) reasons.push('business registration number fails its check digit');

  const answered = new Set(s.checklist.filter((e) => e.evidence.trim().length > 0).map((e) => e.item));
  const known = new Set(checklist.items.map((i) => i.id));
  const missing = checklist.items.filter(
    (i) => i.mandatory && i.source === 'attestation' && !answered.has(i.id),
  );
  for (const item of missing) failed.add(item.id);
  if (missing.length > 0)
    reasons.push(`mandatory checklist items without evidence: ${missing.map((i) => i.id).join(', ')}`);
  const unknown = s.checklist.map((e) => e.item).filter((id) => !known.has(id));
  if (unknown.length > 0) reasons.push(`items not in checklist v${checklist.version}: ${unknown.join(', ')}`);

  if (s.paidInCapitalKrw < policy.minPaidInCapitalKrw) {
    failed.add('1.1');
    reasons.push(
      `paid-in capital KRW ${s.paidInCapitalKrw.toLocaleString('en-US')} is below the minimum KRW ${policy.minPaidInCapitalKrw.toLocaleString('en-US')}`,
    );
  }

  const repName = fold(s.representative.name);
  const repPhone = digits(s.representative.phone);
  const dedicated = s.antiSpamStaff.filter(
    (p) => p.employee && fold(p.name) !== repName && digits(p.phone) !== repPhone,
  );
  if (dedicated.length === 0) {
    failed.add('1.2');
    reasons.push('no dedicated anti-spam staff member who is an employee other than the representative');
  }

  const barredUntil = ctx.applicant?.reapplyAfter;
  if (ctx.applicant?.revokedAt && barredUntil && Date.parse(barredUntil) > now.getTime()) {
    reasons.push(`re-application is barred after the revocation until ${barredUntil}`);
  }

  return {
    passed: reasons.length === 0 && failed.size === 0,
    failedItems: [...failed].sort(),
    reasons,
    flags: ghostRegistrationFlags(app.brn, identityFingerprints(s), ctx.badStanding),
  };
}

/** A new applicant sharing identity data with a reseller in bad standing is flagged, never rejected. */
export function ghostRegistrationFlags(
  brn: string,
  mine: IdentityFingerprints,
  badStanding: readonly Reseller[],
): ScreeningFlag[] {
  const flags: ScreeningFlag[] = [];
  for (const other of badStanding) {
    if (other.brn === brn || !other.standing) continue;
    for (const kind of Object.keys(FLAG_LABEL) as FlagKind[]) {
      // Old identity data counts too: a later application or change never erases a fingerprint.
      const known = new Set([
        ...(other.fingerprints?.[kind] ?? []),
        ...(other.identity?.[kind] ? [other.identity[kind]] : []),
      ]);
      if (mine[kind] && known.has(mine[kind])) {
        flags.push({
          kind,
          matchedBrn: other.brn,
          matchedStatus: other.standing.status,
          evidence: `same ${FLAG_LABEL[kind]} as reseller ${other.brn} (${other.standing.status} since ${other.standing.since})`,
        });
      }
    }
  }
  return flags;
}

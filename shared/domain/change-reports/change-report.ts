import type { ApplicationBody, ScreeningFlag } from '../applications/application.js';
import {
  ghostRegistrationFlags,
  identityFingerprints,
  mergeFingerprints,
} from '../applications/screening.js';
import type { PolicyParameters } from '../policy/policy.js';
import type { Reseller } from '../resellers/eligibility.js';
import { dueAfterDays } from '../time/kst-dates.js';

/**
 * A certified reseller reports a change to its application data. It is screened like an
 * application (ghost fingerprints, capital minimum, anti-spam staff); material changes go to a
 * reviewer; accepted, it updates the profile and gives the certificate a new revision.
 */
export type ProfileData = Pick<
  ApplicationBody,
  | 'representative'
  | 'officeAddress'
  | 'paidInCapitalKrw'
  | 'antiSpamStaff'
  | 'bankAccount'
  | 'relayOperatorIds'
  | 'serviceTypes'
>;
export type ProfileField = keyof ProfileData;

/** Changes a reviewer must look at before they take effect. */
export const MATERIAL_FIELDS: readonly ProfileField[] = [
  'representative',
  'paidInCapitalKrw',
  'antiSpamStaff',
  'bankAccount',
];

export type ChangeReportStatus = 'RECORDED' | 'UNDER_REVIEW' | 'ACCEPTED' | 'REJECTED';

export interface ChangeReport {
  changeReportId: string;
  brn: string;
  certificateId: string;
  status: ChangeReportStatus;
  changedAt: string;
  reportedAt: string;
  /** The last day to report it (end of the KST day); reported after it, the report is late. */
  reportBy: string;
  late: boolean;
  changes: Partial<ProfileData>;
  material: ProfileField[];
  /** Screening: failing checklist items and why, and ghost-registration flags (staff only). */
  failedItems: string[];
  reasons: string[];
  flags: ScreeningFlag[];
  comment?: string;
  assignee?: string;
  /** When a reviewer should have decided (staff deadline); lateness escalates, never decides. */
  dueAt?: string;
  /** When the review deadline passed undecided (escalated once; eligibility untouched). */
  escalatedAt?: string;
  history: { at: string; actor: string; action: string; comment?: string }[];
  revision: number;
}

export interface ChangeScreening {
  material: ProfileField[];
  failedItems: string[];
  reasons: string[];
  flags: ScreeningFlag[];
  late: boolean;
  reportBy: string;
}

/** The profile once the changes are applied. */
export function applyChanges(profile: ProfileData, changes: Partial<ProfileData>): ProfileData {
  return { ...profile, ...changes };
}

/** Screens a change against the rules an application meets, on the profile it would produce. */
export function screenChange(input: {
  brn: string;
  profile: ProfileData;
  changes: Partial<ProfileData>;
  changedAt: string;
  reportedAt: string;
  badStanding: readonly Reseller[];
  policy: Pick<PolicyParameters, 'minPaidInCapitalKrw' | 'changeReportDays'>;
}): ChangeScreening {
  const next = applyChanges(input.profile, input.changes);
  const failed = new Set<string>();
  const reasons: string[] = [];
  if (
    input.changes.paidInCapitalKrw !== undefined &&
    next.paidInCapitalKrw < input.policy.minPaidInCapitalKrw
  ) {
    failed.add('1.1');
    reasons.push(
      `paid-in capital KRW ${next.paidInCapitalKrw.toLocaleString('en-US')} is below the minimum KRW ${input.policy.minPaidInCapitalKrw.toLocaleString('en-US')}`,
    );
  }
  if (input.changes.antiSpamStaff !== undefined || input.changes.representative !== undefined) {
    const rep = next.representative.name.trim().toLowerCase();
    if (!next.antiSpamStaff.some((p) => p.employee && p.name.trim().toLowerCase() !== rep)) {
      failed.add('1.2');
      reasons.push('no dedicated anti-spam staff member who is an employee other than the representative');
    }
  }
  const mine = identityFingerprints(next);
  const before = identityFingerprints(input.profile);
  // Only identity data that changed can newly match a reseller in bad standing.
  const changedKinds = Object.fromEntries(
    Object.entries(mine).filter(([k, v]) => before[k as keyof typeof before] !== v),
  );
  const reportBy = dueAfterDays(input.changedAt, input.policy.changeReportDays);
  return {
    material: MATERIAL_FIELDS.filter((f) => input.changes[f] !== undefined),
    failedItems: [...failed].sort(),
    reasons,
    flags: ghostRegistrationFlags(input.brn, changedKinds, input.badStanding),
    late: input.reportedAt > reportBy,
    reportBy,
  };
}

/** The reseller with an accepted change: new profile and fingerprints (old ones kept), new revision. */
export function acceptedReseller(r: Reseller, profile: ProfileData, changes: Partial<ProfileData>): Reseller {
  const next = applyChanges(profile, changes);
  const identity = identityFingerprints(next);
  return {
    ...r,
    profile: next,
    relayOperatorIds: next.relayOperatorIds,
    identity,
    // The values reported away from stay in the fingerprints: a change cannot launder them.
    fingerprints: mergeFingerprints(r.fingerprints, r.identity ?? identityFingerprints(profile), identity),
    ...(r.certificate
      ? { certificate: { ...r.certificate, revision: (r.certificate.revision ?? 1) + 1 } }
      : {}),
  };
}

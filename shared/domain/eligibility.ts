import type { ProfileData } from './change-reports/change-report.js';
import type { PolicyParameters, Throttle } from './policy.js';

export const eligibilityStatuses = [
  'CERTIFIED',
  'GRACE',
  'THROTTLED',
  'UNCERTIFIED',
  'SUSPENDED',
  'REVOKED',
  'EXPIRED',
] as const;
export type EligibilityStatus = (typeof eligibilityStatuses)[number];

export interface Certificate {
  certificateId: string;
  applicationId: string;
  issuedAt: string;
  validUntil: string;
  nextInspectionDue: string;
  /** A renewal approved before the old certificate ended starts where it ends (no gap). */
  validFrom?: string;
  previousCertificateId?: string;
  /** Grows with every change to the certificate (a passed inspection, an accepted change report). */
  revision?: number;
  lastInspectedAt?: string;
}

export interface ActiveSanction {
  sanctionId: string;
  type: 'WARNING' | 'THROTTLE' | 'SUSPENSION' | 'REVOCATION';
  from: string;
  until: string | null;
  reason: string;
  caseId?: string;
  throttle?: Throttle;
}

/**
 * What the registry knows about a reseller: facts, plus the eligibility it last announced
 * (`status`, `throttle`, `version`). The decision is derived from the facts and the clock,
 * so a relay is never told "allowed" after a deadline just because the sweep has not run yet.
 */
export interface Reseller {
  brn: string;
  companyName: string;
  /** Registered before the program start, so entitled to the grace period. */
  existing: boolean;
  registeredAt?: string;
  relayOperatorIds: string[];
  firstSenderCodes?: string[];
  certificate?: Certificate;
  sanction?: ActiveSanction;
  revokedAt?: string;
  reapplyAfter?: string;
  pendingApplicationId?: string;
  /** Fingerprints of the identity data last submitted (see screening.ts); no personal data. */
  identity?: Partial<Record<'REPRESENTATIVE' | 'PHONE' | 'EMAIL' | 'ADDRESS' | 'BANK_ACCOUNT', string>>;
  /** Fingerprints replaced by accepted change reports: screening still compares against them. */
  formerIdentity?: Partial<
    Record<'REPRESENTATIVE' | 'PHONE' | 'EMAIL' | 'ADDRESS' | 'BANK_ACCOUNT', string>
  >[];
  /** The application data in force (the approved application's, then accepted change reports'). */
  profile?: ProfileData;
  /**
   * The next instant at which the derived eligibility may change without anyone acting (a
   * deadline, a certificate's end, a sanction's start or end, an inspection due). The daily sweep
   * queries a sparse index on it, so enforcement is a query, not a scan.
   */
  dueAt?: string;
  /** When an overdue inspection was noted (so the sweep reports it once). */
  inspectionOverdueSince?: string;
  /** Set while revoked, suspended or closed: screening compares new applicants against these. */
  standing?: { status: 'REVOKED' | 'SUSPENDED' | 'CLOSED'; since: string };
  status: EligibilityStatus;
  throttle: Throttle | null;
  version: number;
  reason: string;
  effectiveAt: string;
  /** Optimistic-concurrency counter of the item (any change), unlike `version` (eligibility changes). */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface EligibilityDecision {
  brn: string;
  allowed: boolean;
  status: EligibilityStatus;
  throttle: Throttle | null;
  reason: string;
  certificateId: string | null;
  validUntil: string | null;
  nextInspectionDue: string | null;
  sanction: {
    sanctionId: string;
    type: ActiveSanction['type'];
    from: string;
    until: string | null;
    reason: string;
    caseId?: string;
  } | null;
  reapplyAfter?: string;
  evaluatedAt: string;
  version: number;
}

export type EligibilityPolicy = Pick<
  PolicyParameters,
  'existingDeadline' | 'extensionEnd' | 'extensionThrottle' | 'keepGraceWhileApplicationPending'
>;

/** Status, throttle and reason only: what a change-feed entry and a notice carry. */
export interface EligibilityState {
  status: EligibilityStatus;
  throttle: Throttle | null;
  reason: string;
}

const ALLOWED: Record<EligibilityStatus, boolean> = {
  CERTIFIED: true,
  GRACE: true,
  THROTTLED: true,
  UNCERTIFIED: false,
  SUSPENDED: false,
  REVOKED: false,
  EXPIRED: false,
};

function sanctionActive(s: ActiveSanction | undefined, at: number): s is ActiveSanction {
  return !!s && Date.parse(s.from) <= at && (s.until === null || at < Date.parse(s.until));
}

/**
 * The eligibility state the facts imply at `now`. Order matters: revocation and suspension block
 * whatever else holds; a sanction throttle limits a certified reseller; a lapsed certificate blocks.
 */
export function deriveEligibility(
  r: Reseller | undefined,
  policy: EligibilityPolicy,
  now: Date,
): EligibilityState {
  const at = now.getTime();
  if (!r)
    return { status: 'UNCERTIFIED', throttle: null, reason: 'not registered in the certification registry' };
  if (r.revokedAt) {
    return { status: 'REVOKED', throttle: null, reason: r.sanction?.reason ?? 'certificate revoked' };
  }
  if (sanctionActive(r.sanction, at) && r.sanction.type === 'SUSPENSION') {
    return { status: 'SUSPENDED', throttle: null, reason: `transmission suspended: ${r.sanction.reason}` };
  }
  if (r.certificate) {
    if (at >= Date.parse(r.certificate.validUntil)) {
      return {
        status: 'EXPIRED',
        throttle: null,
        reason: `certificate ${r.certificate.certificateId} expired`,
      };
    }
    if (sanctionActive(r.sanction, at) && r.sanction.type === 'THROTTLE' && r.sanction.throttle) {
      return {
        status: 'THROTTLED',
        throttle: r.sanction.throttle,
        reason: `sending limited by sanction: ${r.sanction.reason}`,
      };
    }
    return {
      status: 'CERTIFIED',
      throttle: null,
      reason: `certificate ${r.certificate.certificateId} active`,
    };
  }
  if (r.existing) {
    if (at < Date.parse(policy.existingDeadline)) {
      return { status: 'GRACE', throttle: null, reason: 'existing reseller within the grace period' };
    }
    if (at < Date.parse(policy.extensionEnd)) {
      if (r.pendingApplicationId && policy.keepGraceWhileApplicationPending) {
        return {
          status: 'GRACE',
          throttle: null,
          reason: 'existing reseller with an application under review',
        };
      }
      return {
        status: 'THROTTLED',
        throttle: policy.extensionThrottle,
        reason: 'existing reseller without an application during the deadline extension',
      };
    }
    return { status: 'UNCERTIFIED', throttle: null, reason: 'grace period ended without a certificate' };
  }
  return { status: 'UNCERTIFIED', throttle: null, reason: 'no certificate' };
}

export function decideEligibility(
  brn: string,
  r: Reseller | undefined,
  policy: EligibilityPolicy,
  now: Date,
): EligibilityDecision {
  const state = deriveEligibility(r, policy, now);
  const sanction =
    r?.sanction &&
    (state.status === 'SUSPENDED' || state.status === 'REVOKED' || state.status === 'THROTTLED')
      ? {
          sanctionId: r.sanction.sanctionId,
          type: r.sanction.type,
          from: r.sanction.from,
          until: r.sanction.until,
          reason: r.sanction.reason,
          ...(r.sanction.caseId ? { caseId: r.sanction.caseId } : {}),
        }
      : null;
  return {
    brn,
    allowed: ALLOWED[state.status],
    status: state.status,
    throttle: state.throttle,
    reason: state.reason,
    certificateId: r?.certificate?.certificateId ?? null,
    validUntil: r?.certificate?.validUntil ?? null,
    nextInspectionDue: r?.certificate?.nextInspectionDue ?? null,
    sanction,
    ...(state.status === 'REVOKED' && r?.reapplyAfter ? { reapplyAfter: r.reapplyAfter } : {}),
    evaluatedAt: now.toISOString(),
    version: r?.version ?? 0,
  };
}

/** True when the facts now imply a state other than the one last announced (the sweep acts on these). */
export function eligibilityDrifted(r: Reseller, policy: EligibilityPolicy, now: Date): boolean {
  const s = deriveEligibility(r, policy, now);
  return s.status !== r.status || JSON.stringify(s.throttle) !== JSON.stringify(r.throttle);
}

/** The earliest instant after `now` at which this reseller's eligibility or duties change by time alone. */
export function nextDueAt(r: Reseller, policy: EligibilityPolicy, now: Date): string | undefined {
  const at = now.getTime();
  const candidates: string[] = [];
  if (r.revokedAt) return undefined;
  if (r.existing && !r.certificate) candidates.push(policy.existingDeadline, policy.extensionEnd);
  if (r.certificate) {
    candidates.push(r.certificate.validUntil);
    if (!r.inspectionOverdueSince) candidates.push(r.certificate.nextInspectionDue);
  }
  if (r.sanction) {
    candidates.push(r.sanction.from);
    if (r.sanction.until) candidates.push(r.sanction.until);
  }
  const future = candidates.filter((c) => Date.parse(c) > at).sort();
  return future[0] ? new Date(future[0]).toISOString() : undefined;
}

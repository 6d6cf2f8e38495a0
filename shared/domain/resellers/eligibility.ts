import type { ProfileData } from '../change-reports/change-report.js';
import type { PolicyParameters, Throttle } from '../policy/policy.js';

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
  /** When the on-site inspection the certificate rests on took place. */
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
  /** Set while a stay granted on an objection pauses the sanction. */
  stayedAt?: string;
  /** The role that decided the sanction in force (absent on sanctions imposed before it was kept). */
  decidedBy?: 'committee' | 'reviewer';
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
  /**
   * A renewal approved while `certificate` is still valid: it takes over at its `validFrom` (the
   * current one's `validUntil`), committed and announced at that instant (time-enforcement.ts).
   */
  nextCertificate?: Certificate;
  sanction?: ActiveSanction;
  revokedAt?: string;
  /** What a revocation took away, kept so an objection's stay or cancellation can give it back. */
  revokedCertificates?: { certificate?: Certificate; nextCertificate?: Certificate };
  /** A revocation paused by a stay on objection: what it resumes with if the objection is upheld. */
  stayedRevocation?: {
    sanctionId: string;
    revokedAt: string;
    reapplyAfter?: string;
    revocationReason?: string;
  };
  /** Why the certificate was revoked (kept apart from the sanction, which may later be replaced). */
  revocationReason?: string;
  reapplyAfter?: string;
  /** When the re-application bar's end was recorded (so it is announced once). */
  reapplyBarEndedAt?: string;
  /** The business closed (an admin recorded it): `UNCERTIFIED` from this instant. */
  closedAt?: string;
  pendingApplicationId?: string;
  /** Fingerprints of the identity data last submitted (see screening.ts); no personal data. */
  identity?: Partial<Record<'REPRESENTATIVE' | 'PHONE' | 'EMAIL' | 'ADDRESS' | 'BANK_ACCOUNT', string>>;
  /** The application data in force (the approved application's, then accepted change reports'). */
  profile?: ProfileData;
  /**
   * Every fingerprint this reseller ever submitted, by kind: a later application or change never
   * erases one, so a ghost registration is matched against old identity data too.
   */
  fingerprints?: Partial<Record<'REPRESENTATIVE' | 'PHONE' | 'EMAIL' | 'ADDRESS' | 'BANK_ACCOUNT', string[]>>;
  /**
   * The next instant at which the derived eligibility may change without anyone acting (a
   * deadline, a certificate's end, a sanction's start or end, an inspection due). The daily sweep
   * queries a sparse index on it, so enforcement is a query, not a scan.
   */
  dueAt?: string;
  /** When an overdue inspection was noted (so the sweep reports it once). */
  inspectionOverdueSince?: string;
  /**
   * Revoked, suspended or closed, now or in the past: screening compares new applicants against
   * these for the policy's look-back window, counted from `until` (absent while it lasts).
   */
  standing?: { status: 'REVOKED' | 'SUSPENDED' | 'CLOSED'; since: string; until?: string };
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
  return !!s && !s.stayedAt && Date.parse(s.from) <= at && (s.until === null || at < Date.parse(s.until));
}

/** The stricter of two throttles, percentage by percentage (lower is stricter). */
export function stricterThrottle(a: Throttle | null, b: Throttle | null): Throttle | null {
  if (!a) return b;
  if (!b) return a;
  return {
    speedPercent: Math.min(a.speedPercent, b.speedPercent),
    volumePercent: Math.min(a.volumePercent, b.volumePercent),
  };
}

const earliest = (...instants: (string | null | undefined)[]): string | null => {
  const known = instants.filter((i): i is string => !!i).sort((a, b) => Date.parse(a) - Date.parse(b));
  return known[0] ? new Date(known[0]).toISOString() : null;
};

/**
 * The certificate in force at `now`: a renewal approved ahead takes over at its `validFrom`, so
 * the answer is exact at that instant even before the switch is committed.
 */
export function certificateAt(r: Reseller | undefined, now: Date): Certificate | undefined {
  const next = r?.nextCertificate;
  if (next?.validFrom && Date.parse(next.validFrom) <= now.getTime()) return next;
  return r?.certificate;
}

/**
 * What time alone says, ignoring sanctions: revoked, closed, certificate valid or lapsed, the
 * existing reseller's grace, extension and block. `until` is when this state ends by time, if known.
 */
export function baseEligibility(
  r: Reseller | undefined,
  policy: EligibilityPolicy,
  now: Date,
): EligibilityState & { until: string | null } {
  const at = now.getTime();
  if (!r)
    return {
      status: 'UNCERTIFIED',
      throttle: null,
      reason: 'not registered in the certification registry',
      until: null,
    };
  if (r.revokedAt) {
    return {
      status: 'REVOKED',
      throttle: null,
      reason: r.revocationReason ?? 'certificate revoked',
      until: null,
    };
  }
  if (r.closedAt && Date.parse(r.closedAt) <= at) {
    return { status: 'UNCERTIFIED', throttle: null, reason: 'business closed', until: null };
  }
  const closing = r.closedAt ?? null;
  const certificate = certificateAt(r, now);
  if (certificate) {
    if (at >= Date.parse(certificate.validUntil)) {
      return {
        status: 'EXPIRED',
        throttle: null,
        reason: `certificate ${certificate.certificateId} expired`,
        until: null,
      };
    }
    return {
      status: 'CERTIFIED',
      throttle: null,
      reason: `certificate ${certificate.certificateId} active`,
      // A renewal approved ahead continues it: the state ends with the renewal, not at the switch.
      until: earliest(r.nextCertificate?.validUntil ?? certificate.validUntil, closing),
    };
  }
  if (r.existing) {
    if (at < Date.parse(policy.existingDeadline)) {
      return {
        status: 'GRACE',
        throttle: null,
        reason: 'existing reseller within the grace period',
        until: earliest(policy.existingDeadline, closing),
      };
    }
    if (at < Date.parse(policy.extensionEnd)) {
      if (r.pendingApplicationId && policy.keepGraceWhileApplicationPending) {
        return {
          status: 'GRACE',
          throttle: null,
          reason: 'existing reseller with an application under review',
          until: earliest(policy.extensionEnd, closing),
        };
      }
      return {
        status: 'THROTTLED',
        throttle: policy.extensionThrottle,
        reason: 'existing reseller without an application during the deadline extension',
        until: earliest(policy.extensionEnd, closing),
      };
    }
    return {
      status: 'UNCERTIFIED',
      throttle: null,
      reason: 'grace period ended without a certificate',
      until: null,
    };
  }
  return { status: 'UNCERTIFIED', throttle: null, reason: 'no certificate', until: null };
}

/** The statuses a throttle or suspension can bite on: the reseller may send. */
export const SANCTIONABLE: ReadonlySet<EligibilityStatus> = new Set(['CERTIFIED', 'GRACE', 'THROTTLED']);

/**
 * The eligibility state the facts imply at `now`. A sanction bites on every status that may send
 * (`CERTIFIED`, `GRACE`, `THROTTLED`): a suspension blocks, a throttle limits, and when two
 * throttles overlap (the extension's and a sanction's) the stricter value of each percentage wins.
 * Where time already blocks (revoked, closed, lapsed, grace ended), that status stands.
 */
export function deriveEligibility(
  r: Reseller | undefined,
  policy: EligibilityPolicy,
  now: Date,
): EligibilityState & { until: string | null } {
  const base = baseEligibility(r, policy, now);
  const s = r?.sanction;
  if (!SANCTIONABLE.has(base.status) || !sanctionActive(s, now.getTime())) return base;
  if (s.type === 'SUSPENSION') {
    return {
      status: 'SUSPENDED',
      throttle: null,
      reason: `transmission suspended: ${s.reason}`,
      until: earliest(s.until, r?.closedAt),
    };
  }
  if (s.type === 'THROTTLE' && s.throttle) {
    return {
      status: 'THROTTLED',
      throttle: stricterThrottle(base.status === 'THROTTLED' ? base.throttle : null, s.throttle),
      reason: `sending limited by sanction: ${s.reason}`,
      // Relays plan around the sanction's end (the throttle may still tighten at a deadline first).
      until: earliest(s.until, r?.closedAt),
    };
  }
  return base;
}

export function decideEligibility(
  brn: string,
  r: Reseller | undefined,
  policy: EligibilityPolicy,
  now: Date,
): EligibilityDecision {
  const state = deriveEligibility(r, policy, now);
  const certificate = certificateAt(r, now);
  const sanction =
    r?.sanction &&
    (state.status === 'REVOKED' ||
      ((state.status === 'SUSPENDED' || state.status === 'THROTTLED') &&
        sanctionActive(r.sanction, now.getTime())))
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
    certificateId: certificate?.certificateId ?? null,
    validUntil: certificate?.validUntil ?? null,
    nextInspectionDue: certificate?.nextInspectionDue ?? null,
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

/**
 * The earliest instant after `now` at which this reseller's eligibility or duties change by time
 * alone: the grace deadline and the extension end, the certificate's end and its inspection due
 * date, a sanction's start and end, a closure taking effect, the end of a re-application bar.
 */
export function nextDueAt(r: Reseller, policy: EligibilityPolicy, now: Date): string | undefined {
  const at = now.getTime();
  const candidates: string[] = [];
  if (r.revokedAt) {
    if (r.reapplyAfter && !r.reapplyBarEndedAt) candidates.push(r.reapplyAfter);
  } else {
    if (r.existing && !r.certificate) candidates.push(policy.existingDeadline, policy.extensionEnd);
    if (r.certificate) {
      // The end of the certificate, or the instant a renewal approved ahead takes over.
      candidates.push(r.certificate.validUntil);
      if (!r.inspectionOverdueSince) candidates.push(r.certificate.nextInspectionDue);
    }
    if (r.sanction && !r.sanction.stayedAt) {
      candidates.push(r.sanction.from);
      if (r.sanction.until) candidates.push(r.sanction.until);
    }
    if (r.closedAt) candidates.push(r.closedAt);
  }
  const future = candidates.filter((c) => Date.parse(c) > at).sort((a, b) => Date.parse(a) - Date.parse(b));
  return future[0] ? new Date(future[0]).toISOString() : undefined;
}

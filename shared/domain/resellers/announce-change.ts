import type { ChangeEntry, NoticeType } from '../ports.js';
import type { EligibilityStatus } from './eligibility.js';
import { deriveEligibility, type EligibilityPolicy, nextDueAt, type Reseller } from './eligibility.js';

/**
 * Why an announced status moves; with the transition it picks the notice relays receive:
 * - `IMPORT`: an existing reseller enters the registry (`reseller.grace` / `reseller.throttled`);
 * - `APPROVAL`: a certificate is issued (`reseller.certified`, from any status);
 * - `SANCTION`: a sanction is imposed or starts (`reseller.throttled` / `.suspended` / `.revoked`);
 * - `SANCTION_END`: a sanction ends, is lifted, stayed or cancelled: back to what time says
 *   (`reseller.reinstated` while the reseller may send);
 * - `TIME`: a deadline, extension end, lapse or closure instant passed; `DECISION`: any other act.
 */
export type ChangeCause = 'IMPORT' | 'APPROVAL' | 'SANCTION' | 'SANCTION_END' | 'TIME' | 'DECISION';

/** Which notice a relay gets for a move from one announced status to another, given its cause. */
export function noticeTypeFor(
  from: EligibilityStatus,
  to: EligibilityStatus,
  cause: ChangeCause = 'DECISION',
): NoticeType {
  switch (to) {
    case 'SUSPENDED':
      return 'reseller.suspended';
    case 'REVOKED':
      return 'reseller.revoked';
    case 'EXPIRED':
      return 'reseller.expired';
    case 'UNCERTIFIED':
      return 'reseller.blocked';
    case 'CERTIFIED':
      if (cause === 'APPROVAL') return 'reseller.certified';
      // A sanction's end (a revocation stayed or cancelled included) gives the certificate back.
      if (cause === 'SANCTION_END') return 'reseller.reinstated';
      return from === 'SUSPENDED' || from === 'THROTTLED' ? 'reseller.reinstated' : 'reseller.certified';
    case 'GRACE':
      if (cause === 'IMPORT') return 'reseller.grace';
      return cause === 'SANCTION_END' || from === 'SUSPENDED' ? 'reseller.reinstated' : 'reseller.grace';
    case 'THROTTLED':
      return cause === 'SANCTION_END' ? 'reseller.reinstated' : 'reseller.throttled';
  }
}

export interface AnnounceOptions {
  /** Why the facts changed (picks the notice type). */
  cause?: ChangeCause;
  /**
   * The instant the change takes effect, when it is not `now`: a time-driven change committed
   * after its instant (a late trigger, the sweep) is derived and dated at that instant.
   */
  effectiveAt?: Date;
}

/**
 * Re-derives a reseller's eligibility after its facts changed. When the announced state moves,
 * the version grows and a change-feed entry is returned for the same transaction; otherwise the
 * reseller keeps its version and nothing is announced.
 */
export function announce(
  before: Reseller | undefined,
  after: Omit<Reseller, 'status' | 'throttle' | 'version' | 'reason' | 'effectiveAt'> &
    Partial<Pick<Reseller, 'status' | 'throttle' | 'version' | 'reason' | 'effectiveAt'>>,
  policy: EligibilityPolicy,
  now: Date,
  options: AnnounceOptions = {},
): { reseller: Reseller; change?: Omit<ChangeEntry, 'seq'> } {
  const instant = options.effectiveAt ?? now;
  const state = deriveEligibility(after as Reseller, policy, instant);
  const previous = before
    ? { status: before.status, throttle: before.throttle }
    : { status: 'UNCERTIFIED' as const, throttle: null };
  const moved =
    state.status !== previous.status || JSON.stringify(state.throttle) !== JSON.stringify(previous.throttle);
  const version = (before?.version ?? 0) + (moved ? 1 : 0);
  const effectiveAt = instant.toISOString();
  const reseller: Reseller = {
    ...(after as Reseller),
    status: state.status,
    throttle: state.throttle,
    reason: moved ? state.reason : (before?.reason ?? state.reason),
    version,
    effectiveAt: moved ? effectiveAt : (before?.effectiveAt ?? effectiveAt),
    revision: (before?.revision ?? 0) + 1,
    updatedAt: now.toISOString(),
  };
  const due = nextDueAt(reseller, policy, instant);
  if (due) reseller.dueAt = due;
  else delete reseller.dueAt;
  if (!moved) return { reseller };
  const sanctioned = !!reseller.sanction && ['SUSPENDED', 'THROTTLED', 'REVOKED'].includes(state.status);
  return {
    reseller,
    change: {
      brn: reseller.brn,
      status: state.status,
      throttle: state.throttle,
      reason: state.reason,
      effectiveAt,
      version,
      noticeType: noticeTypeFor(previous.status, state.status, options.cause),
      until: state.until,
      ...(sanctioned && reseller.sanction ? { sanctionId: reseller.sanction.sanctionId } : {}),
    },
  };
}

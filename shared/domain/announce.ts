import type { EligibilityStatus } from './eligibility.js';
import { deriveEligibility, type EligibilityPolicy, nextDueAt, type Reseller } from './eligibility.js';
import type { ChangeEntry, NoticeType } from './ports.js';

/** Which notice a relay gets for a move from one announced status to another. */
export function noticeTypeFor(from: EligibilityStatus, to: EligibilityStatus): NoticeType {
  switch (to) {
    case 'CERTIFIED':
      return from === 'SUSPENDED' || from === 'THROTTLED' ? 'reseller.reinstated' : 'reseller.certified';
    case 'THROTTLED':
      return 'reseller.throttled';
    case 'SUSPENDED':
      return 'reseller.suspended';
    case 'REVOKED':
      return 'reseller.revoked';
    case 'EXPIRED':
      return 'reseller.expired';
    case 'GRACE':
      return from === 'THROTTLED' ? 'reseller.reinstated' : 'reseller.certified';
    case 'UNCERTIFIED':
      return 'reseller.blocked';
  }
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
): { reseller: Reseller; change?: Omit<ChangeEntry, 'seq'> } {
  const state = deriveEligibility(after as Reseller, policy, now);
  const previous = before
    ? { status: before.status, throttle: before.throttle }
    : { status: 'UNCERTIFIED' as const, throttle: null };
  const moved =
    state.status !== previous.status || JSON.stringify(state.throttle) !== JSON.stringify(previous.throttle);
  const version = (before?.version ?? 0) + (moved ? 1 : 0);
  const at = now.toISOString();
  const reseller: Reseller = {
    ...(after as Reseller),
    status: state.status,
    throttle: state.throttle,
    reason: moved ? state.reason : (before?.reason ?? state.reason),
    version,
    effectiveAt: moved ? at : (before?.effectiveAt ?? at),
    revision: (before?.revision ?? 0) + 1,
    updatedAt: at,
  };
  const due = nextDueAt(reseller, policy, now);
  if (due) reseller.dueAt = due;
  else delete reseller.dueAt;
  if (!moved) return { reseller };
  return {
    reseller,
    change: {
      brn: reseller.brn,
      status: state.status,
      throttle: state.throttle,
      reason: state.reason,
      effectiveAt: at,
      version,
      noticeType: noticeTypeFor(previous.status, state.status),
      ...(reseller.sanction && ['SUSPENDED', 'THROTTLED', 'REVOKED'].includes(state.status)
        ? { sanctionId: reseller.sanction.sanctionId, until: reseller.sanction.until }
        : {}),
    },
  };
}

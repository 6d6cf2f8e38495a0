import type { Throttle } from '../policy/policy.js';
import type { EligibilityStatus } from '../resellers/eligibility.js';

export type NoticeType =
  | 'reseller.grace'
  | 'reseller.certified'
  | 'reseller.throttled'
  | 'reseller.suspended'
  | 'reseller.revoked'
  | 'reseller.reinstated'
  | 'reseller.blocked'
  | 'reseller.expired';

/**
 * One notice to one relay: an outbox item written in the same transaction as the eligibility
 * change, delivered later (DynamoDB Streams → SQS → signed webhook), its state kept on the item.
 */
export interface Notice {
  noticeId: string;
  relayId: string;
  seq: number;
  type: NoticeType;
  brn: string;
  status: EligibilityStatus;
  throttle: Throttle | null;
  effectiveAt: string;
  until: string | null;
  reason: string;
  version: number;
  sanctionId?: string;
  delivery: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  createdAt: string;
  lastAttemptAt?: string;
  lastError?: string;
  deliveredAt?: string;
  ackedAt?: string;
}

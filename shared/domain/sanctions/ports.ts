import type { AuditEntry } from '../audit/audit-entry.js';
import type { Page, PageRequest } from '../core/paging.js';
import type { Notice } from '../notices/notice.js';

/**
 * Ports of sanctions, notices to relays and relay settings (issue 5, enforcement side).
 * Fields added here join `Deps` (ports.ts) without touching it.
 *
 * Only the outbox (notice items in the registry table) is here, so every Lambda that builds `Deps`
 * stays small. The delivery-side ports (queue, webhook sender, secret store) live in
 * notices-ports.ts and are passed only to the functions that need them.
 */
export interface SanctionDeps {
  notices: NoticeRepository;
}

/** A notice with the delivery bookkeeping kept on its item beyond the `Notice` contract. */
export interface OutboxNotice extends Notice {
  /** When the next attempt is due after a failure (the retry schedule in notices.ts). */
  nextAttemptAt?: string;
  /** When the notice became FAILED for good. */
  failedAt?: string;
  /** Set by the sweep's re-drive: the stream consumer queues the notice again when it changes. */
  redriveRequestedAt?: string;
}

/** What happened when a delivery attempt was claimed. */
export type AttemptClaim =
  /** The attempt is ours: `attempts` already counts it; nobody else delivers this notice now. */
  | { kind: 'claimed'; notice: OutboxNotice }
  /** Delivered or failed for good: nothing to do. */
  | { kind: 'settled'; notice: OutboxNotice }
  /** Another attempt holds the lease (a duplicate message); it will finish or expire. */
  | { kind: 'busy'; notice: OutboxNotice }
  | { kind: 'missing' };

export interface NoticeFailure {
  at: string;
  error: string;
  /** No further attempt will be made: the notice becomes FAILED and leaves the pending index. */
  final: boolean;
  /** When the next attempt is due (absent when final). */
  nextAttemptAt?: string;
}

/**
 * The outbox of notices to relays. Notice items are created by `RegistryRepository.commit` in the
 * eligibility transaction; this port reads them and records their delivery.
 */
export interface NoticeRepository {
  get(noticeId: string): Promise<OutboxNotice | undefined>;
  /** Every notice caused by one sanction (its imposition and its lift), by relay. */
  listBySanction(sanctionId: string): Promise<OutboxNotice[]>;
  /** Undelivered notices created before `createdBefore` (a sparse index), oldest first. */
  listPending(createdBefore: string, page: PageRequest): Promise<Page<OutboxNotice>>;
  /**
   * Claims one delivery attempt: counts it and takes a short lease, only while the notice is
   * PENDING and no other attempt holds the lease (at-least-once queues deliver duplicates).
   */
  claimAttempt(noticeId: string, at: string, leaseMs: number): Promise<AttemptClaim>;
  recordDelivered(noticeId: string, at: string): Promise<void>;
  recordFailure(noticeId: string, failure: NoticeFailure): Promise<void>;
  /**
   * Marks a pending notice for re-drive: the change reaches the outbox stream consumer again,
   * which queues the notice once more. Does nothing to a notice that is no longer PENDING.
   */
  requestRedrive(noticeId: string, at: string): Promise<boolean>;
  /** One relay's notices, newest first (by change-feed seq); only one delivery state when asked. */
  listByRelay(
    relayId: string,
    filter: { delivery?: OutboxNotice['delivery'] },
    page: PageRequest,
  ): Promise<Page<OutboxNotice>>;
  /**
   * Puts a FAILED notice of this relay back to PENDING with a fresh retry schedule and marks it for
   * re-drive (the outbox stream consumer queues it again), with its audit entry in the same write.
   * False when the notice is not this relay's or not FAILED.
   */
  redriveFailed(notice: OutboxNotice, at: string, audit: AuditEntry): Promise<boolean>;
  /** Records the relay's acknowledgement (the first one wins); undefined when not that relay's notice. */
  ack(noticeId: string, relayId: string, at: string): Promise<OutboxNotice | undefined>;
}

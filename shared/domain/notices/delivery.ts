import { NotFoundError } from '../core/errors.js';
import { hasRole, type Principal } from '../core/principal.js';
import type { Deps } from '../ports.js';
import type { OutboxNotice } from '../sanctions/ports.js';
import type { DeliveryPorts } from './ports.js';
import { webhookUrlAllowed } from './relay-settings.js';

/**
 * Notices to relays (signed per Standard Webhooks, one per relay per change): the outbox items the eligibility transaction
 * wrote leave through the table's stream to a fan-out queue; the delivery function POSTs each one,
 * signed per Standard Webhooks, and records the outcome on the item.
 *
 * Retry schedule: the gap after failed attempt n is RETRY_DELAYS_SECONDS[n-1]. Four tries fall in
 * the first minute (0 s, 5 s, 20 s, 50 s), then the gaps grow to 12 hours (SQS's longest visibility
 * timeout), eleven attempts over about 22.7 hours. The attempt number is counted on the notice item,
 * not from the queue's receive count, so a re-driven message continues the same schedule.
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [
  5, 15, 30, 120, 600, 1_800, 3_600, 10_800, 21_600, 43_200,
];
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** One attempt holds the notice this long (longer than the webhook timeout, shorter than the queue's visibility timeout). */
export const ATTEMPT_LEASE_MS = 30_000;
/** Notices still pending this long after they were written are re-driven by the daily sweep. */
export const REDRIVE_AFTER_MINUTES = 15;

export function retryDelaySeconds(attempt: number): number | undefined {
  return attempt >= MAX_ATTEMPTS ? undefined : RETRY_DELAYS_SECONDS[attempt - 1];
}

/** The webhook body: the contract's fields, plus `seq` (the change-feed position) and `sanctionId`. */
export function noticeBody(n: OutboxNotice) {
  return {
    type: n.type,
    noticeId: n.noticeId,
    brn: n.brn,
    status: n.status,
    throttle: n.throttle,
    effectiveAt: n.effectiveAt,
    until: n.until,
    reason: n.reason,
    version: n.version,
    seq: n.seq,
    ...(n.sanctionId ? { sanctionId: n.sanctionId } : {}),
  };
}

export type DeliveryOutcome =
  | { outcome: 'DELIVERED'; noticeId: string; relayId: string; attempt: number; ms: number }
  /** Failed; the next attempt is due in `delaySeconds`. */
  | {
      outcome: 'RETRY';
      noticeId: string;
      relayId: string;
      attempt: number;
      delaySeconds: number;
      error: string;
    }
  /** The last attempt failed: FAILED for good; the message goes on to the DLQ (alarm). */
  | { outcome: 'EXHAUSTED'; noticeId: string; relayId: string; attempt: number; error: string }
  /** The relay has no usable webhook URL: FAILED without retries; it catches up from the change feed. */
  | { outcome: 'SKIPPED'; noticeId: string; relayId: string; error: string }
  | { outcome: 'ALREADY_DELIVERED' | 'IN_FLIGHT' | 'MISSING'; noticeId: string }
  /** Failed for good earlier: `deadLetter` when by exhausted retries (its messages belong in the DLQ). */
  | { outcome: 'ALREADY_FAILED'; noticeId: string; deadLetter: boolean };

export const NO_WEBHOOK_PREFIX = 'NO_WEBHOOK';

export interface DeliveryOptions {
  /** `http://127.0.0.1:*` webhooks are allowed (the local runtime only). */
  allowLocalHttp: boolean;
}

/**
 * One delivery attempt of one notice. Idempotent by notice id: a delivered or failed notice is not
 * sent again, and a lease on the item keeps two copies of a queue message from sending it at once.
 */
export async function deliverNotice(
  deps: Pick<Deps, 'clock' | 'notices' | 'relays'>,
  ports: DeliveryPorts,
  noticeId: string,
  options: DeliveryOptions,
): Promise<DeliveryOutcome> {
  const claim = await deps.notices.claimAttempt(noticeId, deps.clock.now().toISOString(), ATTEMPT_LEASE_MS);
  if (claim.kind === 'missing') return { outcome: 'MISSING', noticeId };
  if (claim.kind === 'busy') return { outcome: 'IN_FLIGHT', noticeId };
  if (claim.kind === 'settled') {
    return claim.notice.delivery === 'DELIVERED'
      ? { outcome: 'ALREADY_DELIVERED', noticeId }
      : {
          outcome: 'ALREADY_FAILED',
          noticeId,
          deadLetter: !(claim.notice.lastError ?? '').startsWith(NO_WEBHOOK_PREFIX),
        };
  }
  const notice = claim.notice;
  const { relayId } = notice;
  const attempt = notice.attempts;
  const relay = await deps.relays.get(relayId);
  const url = relay?.webhookUrl;
  if (!url || !webhookUrlAllowed(url, options.allowLocalHttp)) {
    const error = url
      ? `${NO_WEBHOOK_PREFIX}: the webhook URL is not allowed here; the relay catches up from the change feed`
      : `${NO_WEBHOOK_PREFIX}: relay ${relayId} has no webhook URL; it catches up from the change feed`;
    await deps.notices.recordFailure(noticeId, { at: deps.clock.now().toISOString(), error, final: true });
    return { outcome: 'SKIPPED', noticeId, relayId, error };
  }
  let error: string;
  try {
    const secret = await ports.secrets.get(relayId);
    if (!secret) {
      error = 'no signing secret is configured for this relay';
    } else {
      const result = await ports.webhooks.send({
        url,
        secret,
        id: noticeId,
        body: JSON.stringify(noticeBody(notice)),
      });
      if (result.ok) {
        await deps.notices.recordDelivered(noticeId, deps.clock.now().toISOString());
        return { outcome: 'DELIVERED', noticeId, relayId, attempt, ms: result.ms };
      }
      error = result.error;
    }
  } catch (e) {
    // A dependency of ours failed (e.g. the secret store): the attempt counts, the schedule goes on.
    error = `delivery error: ${(e as Error)?.name ?? 'Error'}`;
  }
  const now = deps.clock.now();
  const delaySeconds = retryDelaySeconds(attempt);
  if (delaySeconds === undefined) {
    await deps.notices.recordFailure(noticeId, { at: now.toISOString(), error, final: true });
    return { outcome: 'EXHAUSTED', noticeId, relayId, attempt, error };
  }
  await deps.notices.recordFailure(noticeId, {
    at: now.toISOString(),
    error,
    final: false,
    nextAttemptAt: new Date(now.getTime() + delaySeconds * 1000).toISOString(),
  });
  return { outcome: 'RETRY', noticeId, relayId, attempt, delaySeconds, error };
}

/** Is this pending notice left behind (its stream record or its retry message lost)? */
export function leftBehind(n: OutboxNotice, now: Date, afterMinutes = REDRIVE_AFTER_MINUTES): boolean {
  if (n.delivery !== 'PENDING') return false;
  const cutoff = now.getTime() - afterMinutes * 60_000;
  if (Date.parse(n.createdAt) > cutoff) return false;
  if (n.redriveRequestedAt && Date.parse(n.redriveRequestedAt) > cutoff) return false;
  // Never attempted: the stream or the fan-out lost it.
  if (n.attempts === 0) return true;
  // A retry was due long ago and has not happened: its queue message is gone (e.g. to the DLQ).
  if (n.nextAttemptAt) return Date.parse(n.nextAttemptAt) <= cutoff;
  // Claimed but never recorded (the attempt crashed) long ago.
  return !!n.lastAttemptAt && Date.parse(n.lastAttemptAt) <= cutoff;
}

export interface RedriveReport {
  pending: number;
  redriven: number;
}

/**
 * The sweep's backstop for the outbox: every notice pending longer than `afterMinutes` whose
 * delivery is not on schedule is marked for re-drive; the marking reaches the outbox stream consumer,
 * which queues it again. Re-driving a notice that is in fact still on its way is harmless (the
 * delivery lease and the DELIVERED state make delivery idempotent).
 */
export async function redrivePendingNotices(
  deps: Pick<Deps, 'clock' | 'notices'>,
  afterMinutes = REDRIVE_AFTER_MINUTES,
): Promise<RedriveReport> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - afterMinutes * 60_000).toISOString();
  let pending = 0;
  let redriven = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.notices.listPending(before, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const n of page.items) {
      pending++;
      if (
        leftBehind(n, now, afterMinutes) &&
        (await deps.notices.requestRedrive(n.noticeId, now.toISOString()))
      )
        redriven++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { pending, redriven };
}

/** Decides which outbox stream records to queue: new pending notices, and pending ones marked for re-drive. */
export function noticeToQueue(record: {
  eventName?: string;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}): string | undefined {
  const n = record.newImage;
  if (n?.entity !== 'notice' || n.delivery !== 'PENDING' || typeof n.noticeId !== 'string') return undefined;
  if (record.eventName === 'INSERT') return n.noticeId;
  if (
    record.eventName === 'MODIFY' &&
    typeof n.redriveRequestedAt === 'string' &&
    n.redriveRequestedAt !== record.oldImage?.redriveRequestedAt
  ) {
    return n.noticeId;
  }
  return undefined;
}

/** A notice's delivery state, as staff see it. */
export function noticeDeliveryView(n: OutboxNotice) {
  return {
    noticeId: n.noticeId,
    relayId: n.relayId,
    type: n.type,
    seq: n.seq,
    brn: n.brn,
    status: n.status,
    effectiveAt: n.effectiveAt,
    delivery: n.delivery,
    attempts: n.attempts,
    createdAt: n.createdAt,
    lastAttemptAt: n.lastAttemptAt ?? null,
    nextAttemptAt: n.delivery === 'PENDING' ? (n.nextAttemptAt ?? null) : null,
    deliveredAt: n.deliveredAt ?? null,
    lastError: n.lastError ?? null,
    ackedAt: n.ackedAt ?? null,
  };
}

/** `GET /v1/sanctions/{sanctionId}/notices`: each relay's notices of the sanction (imposed, lifted). */
export async function listSanctionNotices(deps: Pick<Deps, 'notices' | 'sanctions'>, sanctionId: string) {
  const sanction = await deps.sanctions.get(sanctionId);
  if (!sanction) throw new NotFoundError(`no sanction ${sanctionId}`);
  const notices = await deps.notices.listBySanction(sanctionId);
  const items = notices
    .sort((a, b) => a.seq - b.seq || a.relayId.localeCompare(b.relayId))
    .map(noticeDeliveryView);
  const count = (d: OutboxNotice['delivery']) => notices.filter((n) => n.delivery === d).length;
  return {
    sanctionId,
    brn: sanction.brn,
    summary: {
      total: notices.length,
      delivered: count('DELIVERED'),
      pending: count('PENDING'),
      failed: count('FAILED'),
    },
    items,
  };
}

/** `POST /v1/notices/{noticeId}/ack`: a relay acknowledges one of its own notices (another's is 404). */
export async function ackNotice(
  deps: Pick<Deps, 'clock' | 'notices'>,
  principal: Principal,
  noticeId: string,
) {
  const relayId = principal.relayId;
  if (!relayId || !hasRole(principal, 'relay')) throw new NotFoundError(`no notice ${noticeId}`);
  const notice = await deps.notices.ack(noticeId, relayId, deps.clock.now().toISOString());
  if (!notice) throw new NotFoundError(`no notice ${noticeId}`);
  return {
    noticeId: notice.noticeId,
    relayId: notice.relayId,
    ackedAt: notice.ackedAt!,
    delivery: notice.delivery,
  };
}

import { NotFoundError } from '../core/errors.js';
import { actorOf, hasRole, type Principal } from '../core/principal.js';
import type { Deps, PageRequest } from '../ports.js';
import type { OutboxNotice } from '../sanctions/ports.js';
import { noticeDeliveryView } from './delivery.js';

/**
 * A relay's view of the notices sent to it, and the re-drive of those that failed for good (retries
 * exhausted: their queue messages sit in the dead-letter queue; or no usable webhook then). A relay
 * sees and re-drives only its own; the admin any relay's. Another relay's id answers 404, like a
 * missing one, so nobody learns what others were sent.
 */

/** At most this many notices are re-driven by one call. */
export const REDRIVE_BATCH = 100;

type DeliveryDeps = Pick<Deps, 'notices' | 'relays' | 'clock'>;

async function readableRelay(deps: Pick<Deps, 'relays'>, principal: Principal, relayId: string) {
  const own = hasRole(principal, 'relay') && principal.relayId === relayId;
  if (!own && !hasRole(principal, 'admin')) throw new NotFoundError(`no relay operator ${relayId}`);
  const relay = await deps.relays.get(relayId);
  if (!relay) throw new NotFoundError(`no relay operator ${relayId}`);
  return relay;
}

/** `GET /v1/relay-operators/{relayId}/deliveries`: newest first, one delivery state when asked. */
export async function listRelayDeliveries(
  deps: Pick<Deps, 'notices' | 'relays'>,
  principal: Principal,
  relayId: string,
  filter: { status?: OutboxNotice['delivery'] },
  page: PageRequest,
) {
  await readableRelay(deps, principal, relayId);
  const result = await deps.notices.listByRelay(
    relayId,
    filter.status ? { delivery: filter.status } : {},
    page,
  );
  return {
    relayId,
    items: result.items.map(noticeDeliveryView),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

export interface RedriveResult {
  relayId: string;
  redriven: string[];
  skipped: { noticeId: string; reason: 'NOT_FOUND' | 'NOT_FAILED' }[];
  more: boolean;
}

/**
 * `POST /v1/relay-operators/{relayId}/deliveries/redrive`: FAILED notices go back to PENDING with a
 * fresh retry schedule (the relay has fixed its endpoint) and are queued again through the outbox
 * stream. Delivery stays idempotent by notice id, so a stale dead-letter copy delivers nothing twice.
 * Each re-drive is audited with the notice's last error.
 */
export async function redriveRelayDeliveries(
  deps: DeliveryDeps,
  principal: Principal,
  relayId: string,
  body: { noticeIds?: string[] | undefined },
): Promise<RedriveResult> {
  await readableRelay(deps, principal, relayId);
  const skipped: RedriveResult['skipped'] = [];
  let candidates: OutboxNotice[];
  let more = false;
  if (body.noticeIds) {
    candidates = [];
    for (const id of new Set(body.noticeIds)) {
      const n = await deps.notices.get(id);
      if (!n || n.relayId !== relayId) skipped.push({ noticeId: id, reason: 'NOT_FOUND' });
      else if (n.delivery !== 'FAILED') skipped.push({ noticeId: id, reason: 'NOT_FAILED' });
      else candidates.push(n);
    }
  } else {
    const page = await deps.notices.listByRelay(relayId, { delivery: 'FAILED' }, { limit: REDRIVE_BATCH });
    candidates = page.items;
    more = Boolean(page.nextCursor);
  }
  const at = deps.clock.now().toISOString();
  const actor = actorOf(principal);
  const redriven: string[] = [];
  // Oldest first, so the relay receives them in change-feed order.
  for (const n of candidates.sort((a, b) => a.seq - b.seq)) {
    const ok = await deps.notices.redriveFailed(n, at, {
      entity: `notice#${n.noticeId}`,
      at,
      actor,
      action: 'REDRIVEN',
      detail: { relayId, attempts: n.attempts, lastError: n.lastError ?? null },
    });
    if (ok) redriven.push(n.noticeId);
    // Settled by someone else in between (another re-drive won): no longer FAILED.
    else skipped.push({ noticeId: n.noticeId, reason: 'NOT_FAILED' });
  }
  return { relayId, redriven, skipped, more };
}

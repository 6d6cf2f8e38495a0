import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { actorOf, type Principal } from '../core/principal.js';
import { policyAt } from '../policy/policy.js';
import type { Deps } from '../ports.js';
import { announce } from './announce-change.js';
import type { Reseller } from './eligibility.js';

export interface ClosureBody {
  closedAt: string;
  reason: string;
}

/**
 * `POST /v1/resellers/{brn}/closure`: the reseller closed its business. It is `UNCERTIFIED` from
 * `closedAt` (announced `reseller.blocked` at once when that has passed, else at that instant by its
 * trigger), and it keeps counting for ghost-registration screening over the policy's window. A
 * closure in the past is announced now, dated now: relays cannot act in the past.
 */
export async function recordClosure(
  deps: Pick<Deps, 'resellers' | 'policies' | 'registry' | 'clock'>,
  principal: Principal,
  brn: string,
  body: ClosureBody,
): Promise<Reseller> {
  const now = deps.clock.now();
  const before = await deps.resellers.get(brn);
  if (!before) throw new NotFoundError(`no reseller ${brn}`);
  if (before.closedAt) throw new ConflictError(`reseller ${brn} was recorded closed from ${before.closedAt}`);
  const closedAt = new Date(body.closedAt);
  if (Number.isNaN(closedAt.getTime()))
    throw new ValidationError('closedAt is not an instant', [
      { path: 'body.closedAt', message: 'must be an instant' },
    ]);
  const at = now.toISOString();
  const facts: Reseller = { ...before, closedAt: closedAt.toISOString() };
  if (closedAt.getTime() <= now.getTime()) {
    facts.standing = { status: 'CLOSED', since: facts.closedAt! };
  }
  const policy = policyAt(await deps.policies.versions(), now).parameters;
  const { reseller, change } = announce(before, facts, policy, now, { cause: 'TIME' });
  const actor = actorOf(principal);
  await deps.registry.commit({
    reseller: { before, after: reseller },
    ...(change ? { change } : {}),
    audit: [
      {
        entity: `reseller#${brn}`,
        at,
        actor,
        action: 'BUSINESS_CLOSED',
        detail: { closedAt: facts.closedAt, reason: body.reason },
      },
      ...(change
        ? [{ entity: `reseller#${brn}`, at, actor, action: 'ELIGIBILITY_CHANGED', detail: { ...change } }]
        : []),
    ],
  });
  return reseller;
}

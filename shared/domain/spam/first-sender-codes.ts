import { ConcurrentUpdateError, ConflictError, NotFoundError } from '../core/errors.js';
import { actorOf, hasRole, type Principal } from '../core/principal.js';
import type { Deps } from '../ports.js';
import type { Reseller } from '../resellers/eligibility.js';

/** The code is held by another reseller (409). Which one is never said. */
export class FirstSenderCodeTakenError extends ConflictError {
  constructor(readonly codes: readonly string[]) {
    super(
      `first-sender code${codes.length > 1 ? 's' : ''} ${codes.join(', ')} ${codes.length > 1 ? 'are' : 'is'} held by another reseller`,
    );
  }
}

const MAX_ATTEMPTS = 3;

/**
 * Sets the first-sender identification codes a reseller inserts (its owner or an admin). The codes
 * are claimed, released and written on the reseller in one transaction, so a code never has two
 * holders and the reseller's list never disagrees with the code registry.
 */
export async function setFirstSenderCodes(
  deps: Pick<Deps, 'clock' | 'firstSenderCodes' | 'resellers'>,
  principal: Principal,
  brn: string,
  codes: readonly string[],
): Promise<{ brn: string; codes: string[] }> {
  const owner = hasRole(principal, 'reseller') && principal.brn === brn;
  if (!owner && !hasRole(principal, 'admin')) throw new NotFoundError(`no reseller ${brn}`);
  const wanted = [...new Set(codes)].sort();
  for (let attempt = 1; ; attempt++) {
    const before = await deps.resellers.get(brn);
    if (!before) throw new NotFoundError(`no reseller ${brn}`);
    const current = [...(before.firstSenderCodes ?? [])].sort();
    if (current.length === wanted.length && current.every((c, i) => c === wanted[i]))
      return { brn, codes: current };
    const at = deps.clock.now().toISOString();
    const after: Reseller = {
      ...before,
      firstSenderCodes: wanted,
      revision: before.revision + 1,
      updatedAt: at,
    };
    try {
      await deps.firstSenderCodes.replace({
        before,
        after,
        audit: {
          entity: `reseller#${brn}`,
          at,
          actor: actorOf(principal),
          action: 'FIRST_SENDER_CODES_SET',
          detail: {
            added: wanted.filter((c) => !current.includes(c)),
            removed: current.filter((c) => !wanted.includes(c)),
          },
        },
      });
      return { brn, codes: wanted };
    } catch (error) {
      // Another change to the reseller landed first: read it again and re-apply.
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

import { NotFoundError } from '../core/errors.js';
import { mayReadReseller, type Principal } from '../core/principal.js';
import { policyAt } from '../policy/policy.js';
import type { Deps, Page } from '../ports.js';
import { certificateAt, decideEligibility, type EligibilityDecision, type Reseller } from './eligibility.js';

/** The eligibility decision a relay acts on. An unknown brn is UNCERTIFIED (version 0), not an error. */
export async function eligibilityOf(
  deps: Pick<Deps, 'clock' | 'policies' | 'resellers'>,
  principal: Principal,
  brn: string,
): Promise<EligibilityDecision> {
  if (!mayReadReseller(principal, brn)) throw new NotFoundError(`no reseller ${brn}`);
  const now = deps.clock.now();
  const [reseller, versions] = await Promise.all([deps.resellers.get(brn), deps.policies.versions()]);
  return decideEligibility(brn, reseller, policyAt(versions, now).parameters, now);
}

export async function resellerProfile(
  deps: Pick<Deps, 'clock' | 'policies' | 'resellers'>,
  principal: Principal,
  brn: string,
) {
  if (!mayReadReseller(principal, brn)) throw new NotFoundError(`no reseller ${brn}`);
  const now = deps.clock.now();
  const [r, versions] = await Promise.all([deps.resellers.get(brn), deps.policies.versions()]);
  if (!r) throw new NotFoundError(`no reseller ${brn}`);
  const eligibility = decideEligibility(brn, r, policyAt(versions, now).parameters, now);
  const certificate = certificateAt(r, now);
  const next = r.nextCertificate;
  const s = r.sanction;
  const open = s && (s.until === null || Date.parse(s.until) > now.getTime());
  return {
    brn: r.brn,
    companyName: r.companyName,
    existing: r.existing,
    registeredAt: r.registeredAt ?? null,
    relayOperatorIds: r.relayOperatorIds,
    eligibility,
    certificate: certificate
      ? {
          certificateId: certificate.certificateId,
          revision: certificate.revision ?? 1,
          issuedAt: certificate.issuedAt,
          validUntil: certificate.validUntil,
          nextInspectionDue: certificate.nextInspectionDue,
          lastInspectedAt: certificate.lastInspectedAt ?? null,
        }
      : null,
    // A renewal approved ahead, until it takes over at validFrom.
    nextCertificate:
      next && next !== certificate
        ? {
            certificateId: next.certificateId,
            validFrom: next.validFrom ?? null,
            validUntil: next.validUntil,
          }
        : null,
    openSanctions: open
      ? [{ sanctionId: s.sanctionId, type: s.type, from: s.from, until: s.until, reason: s.reason }]
      : [],
    pendingApplicationId: r.pendingApplicationId ?? null,
  };
}

/**
 * The snapshot's entity tag. Derived eligibility changes with the feed (its head `seq`) and with
 * time: once a reseller's due instant passes, its derived status may differ from the last one
 * announced until the trigger commits it. The tag therefore also names the latest due instant
 * already passed but not yet committed, so a mirror revalidating after an instant gets `200` with
 * the new truth, never a `304` with a stale entry. Read before any reseller: it may lag the data
 * but never run ahead of it.
 */
export async function registryTag(
  deps: Pick<Deps, 'registry' | 'resellers'>,
  now: Date,
): Promise<{ seq: number; etag: string }> {
  const [seq, due] = await Promise.all([
    deps.registry.head(),
    deps.resellers.latestDueAtOrBefore(now.toISOString()),
  ]);
  return { seq, etag: due ? `"${seq}.${Date.parse(due)}"` : `"${seq}"` };
}

/** Roughly where API Gateway's 10 MB payload limit bites; the contract pages only beyond 6 MB. */
const SNAPSHOT_PAGE_BYTES = 6 * 1024 * 1024;

/**
 * Every reseller's eligibility, with the change-feed head read FIRST: the ETag may then lag the
 * data but never run ahead of it, so a client revalidating with it can never skip a change.
 */
export async function registrySnapshot(
  deps: Pick<Deps, 'clock' | 'policies' | 'registry' | 'resellers'>,
  cursor: string | undefined,
) {
  const now = deps.clock.now();
  const { seq, etag } = await registryTag(deps, now);
  const policy = policyAt(await deps.policies.versions(), now).parameters;
  const items: EligibilityDecision[] = [];
  let bytes = 0;
  let next: string | undefined = cursor;
  do {
    const page: Page<Reseller> = await deps.resellers.list({
      limit: 1000,
      ...(next ? { cursor: next } : {}),
    });
    for (const r of page.items) {
      const d = decideEligibility(r.brn, r, policy, now);
      bytes += JSON.stringify(d).length + 1;
      items.push(d);
    }
    next = page.nextCursor;
  } while (next && bytes < SNAPSHOT_PAGE_BYTES);
  return { items, seq, etag, ...(next ? { nextCursor: next } : {}) };
}

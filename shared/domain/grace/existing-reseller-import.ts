import { ConcurrentUpdateError, type FieldError } from '../core/errors.js';
import { actorOf, type Principal } from '../core/principal.js';
import type { Validator } from '../core/validation.js';
import { storedRelayIds, unknownRelayErrors } from '../notices/relay-operators.js';
import { policyAt } from '../policy/policy.js';
import type { Deps } from '../ports.js';
import { announce } from '../resellers/announce-change.js';
import type { EligibilityStatus } from '../resellers/eligibility.js';

/** One row of the import of resellers registered before the programme start (brn in 10 digits). */
export interface ExistingResellerRow {
  brn: string;
  companyName: string;
  registeredAt: string;
  relayOperatorIds?: string[];
}

export interface ImportRowResult {
  index: number;
  brn: string | null;
  outcome: 'CREATED' | 'UNCHANGED' | 'REJECTED';
  status?: EligibilityStatus;
  errors?: FieldError[];
}

/**
 * Imports resellers registered before the program start. Each row is validated and committed on
 * its own (one transaction: reseller, change-feed entry, audit), so a bad row never blocks or
 * half-writes the others. Idempotent by brn: a reseller already known is left as it is.
 * Rows are processed in order, so a brn repeated within one file is created once.
 */
export async function importExistingResellers(
  deps: Pick<Deps, 'clock' | 'graces' | 'policies' | 'registry' | 'relays' | 'resellers'>,
  principal: Principal,
  rows: readonly unknown[],
  validateRow: Validator<ExistingResellerRow>,
): Promise<ImportRowResult[]> {
  const results: ImportRowResult[] = [];
  const relays = await storedRelayIds(deps);
  for (const [index, raw] of rows.entries()) {
    const parsed = validateRow(raw);
    if (!parsed.ok) {
      const brn = typeof (raw as { brn?: unknown })?.brn === 'string' ? (raw as { brn: string }).brn : null;
      results.push({
        index,
        brn,
        outcome: 'REJECTED',
        errors: parsed.errors,
      });
      continue;
    }
    const unknownRelays = unknownRelayErrors(relays, parsed.value.relayOperatorIds ?? [], 'relayOperatorIds');
    if (unknownRelays.length > 0) {
      results.push({ index, brn: parsed.value.brn, outcome: 'REJECTED', errors: unknownRelays });
      continue;
    }
    results.push(await importRow(deps, principal, index, parsed.value));
  }
  return results;
}

async function importRow(
  deps: Pick<Deps, 'clock' | 'graces' | 'policies' | 'registry' | 'resellers'>,
  principal: Principal,
  index: number,
  row: ExistingResellerRow,
): Promise<ImportRowResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = deps.clock.now();
    const policy = policyAt(await deps.policies.versions(), now).parameters;
    if (Date.parse(row.registeredAt) >= Date.parse(policy.programStart)) {
      return {
        index,
        brn: row.brn,
        outcome: 'REJECTED',
        errors: [
          {
            path: 'registeredAt',
            message: `must be before the program start ${policy.programStart}; later resellers apply for certification`,
          },
        ],
      };
    }
    const before = await deps.resellers.get(row.brn);
    // Known already: unchanged, unless it applied before it was imported. The order of import and
    // application must not change the result: it is an existing reseller with its grace period.
    const joins = !!before && !before.existing && !before.certificate && !before.revokedAt;
    if (before && !joins) return { index, brn: row.brn, outcome: 'UNCHANGED', status: before.status };
    const at = now.toISOString();
    const { reseller, change } = announce(
      before,
      {
        ...(before ?? {
          brn: row.brn,
          companyName: row.companyName,
          relayOperatorIds: row.relayOperatorIds ?? [],
          createdAt: at,
          updatedAt: at,
          revision: 0,
        }),
        existing: true,
        registeredAt: row.registeredAt,
      },
      policy,
      now,
      { cause: 'IMPORT' },
    );
    try {
      await deps.registry.commit({
        reseller: { before, after: reseller },
        ...(change ? { change } : {}),
        audit: [
          {
            entity: `reseller#${row.brn}`,
            at,
            actor: actorOf(principal),
            action: 'IMPORTED_EXISTING',
            detail: { status: reseller.status, version: reseller.version },
          },
        ],
      });
      // One grace-period workflow per existing reseller (named after the brn, so a re-import
      // never starts a second). If it cannot start now, the daily sweep still enforces the deadlines.
      if (reseller.status !== 'UNCERTIFIED') await deps.graces.start(row.brn).catch(() => undefined);
      return { index, brn: row.brn, outcome: 'CREATED', status: reseller.status };
    } catch (error) {
      // Created by a concurrent import of the same brn: re-read and report it unchanged.
      if (!(error instanceof ConcurrentUpdateError)) throw error;
    }
  }
  const existing = await deps.resellers.get(row.brn);
  return { index, brn: row.brn, outcome: 'UNCHANGED', ...(existing ? { status: existing.status } : {}) };
}

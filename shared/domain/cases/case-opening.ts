import { OpenCaseExistsError } from '../core/errors.js';
import { type PolicyParameters, policyAt } from '../policy/policy.js';
import type { Deps, Page, PageRequest, SpamCase } from '../ports.js';
import {
  hourBucket,
  hourStart,
  type SpamCategory,
  type WindowCounts,
  windowBuckets,
} from '../spam/attribution.js';
import { dueAfterDays } from '../time/kst-dates.js';
import type { WorkQueueFilter } from '../work-queues/work-queue.js';

export type CaseCheck =
  | { outcome: 'OPENED'; spamCase: SpamCase }
  | { outcome: 'ALREADY_OPEN' }
  | { outcome: 'BELOW_THRESHOLD'; reports: number; malicious: number };

export const SPAM_INTAKE_ACTOR = 'system:spam-intake';

/** Which threshold a window crossed, if any (policy defaults: 100 reports in 24 h, or 20 malicious). */
export function crossedThreshold(
  counts: WindowCounts,
  policy: PolicyParameters['spamCase'],
): { malicious: number; threshold: string | undefined } {
  const malicious = policy.maliciousCategories.reduce(
    (n, c: SpamCategory) => n + (counts.byCategory[c] ?? 0),
    0,
  );
  const hours = `${policy.windowHours} h`;
  const crossed = [
    ...(counts.reports >= policy.threshold
      ? [`${counts.reports} reports ≥ ${policy.threshold} in ${hours}`]
      : []),
    ...(malicious >= policy.maliciousThreshold
      ? [
          `${malicious} malicious reports (${policy.maliciousCategories.join(', ')}) ≥ ${policy.maliciousThreshold} in ${hours}`,
        ]
      : []),
  ];
  return { malicious, threshold: crossed.length > 0 ? crossed.join('; ') : undefined };
}

/**
 * After counting: does this reseller's rolling window cross a policy threshold? If so and no case
 * is open, open one (the repository keeps one OPEN case per reseller: losing that race means the
 * case is already open). Safe to repeat: a redelivered batch re-checks and opens nothing twice.
 */
export async function evaluateSpamCase(
  deps: Pick<Deps, 'cases' | 'clock' | 'ids' | 'policies' | 'registry' | 'spamReports'>,
  brn: string,
): Promise<CaseCheck> {
  const now = deps.clock.now();
  if (await deps.spamReports.openCaseExists(brn)) return { outcome: 'ALREADY_OPEN' };
  const parameters = policyAt(await deps.policies.versions(), now).parameters;
  const policy = parameters.spamCase;
  const window = windowBuckets(now, policy.windowHours);
  let counts = await deps.spamReports.window(brn, window.from, window.to);
  let { malicious, threshold } = crossedThreshold(counts, policy);
  if (threshold) {
    // Only when a crossing would open a case: leave out what an earlier decision settled.
    const from = await unsettledFrom(deps, brn);
    if (from && from > window.from) {
      window.from = from;
      counts = from > window.to ? emptyCounts() : await deps.spamReports.window(brn, from, window.to);
      ({ malicious, threshold } = crossedThreshold(counts, policy));
    }
  }
  if (!threshold) return { outcome: 'BELOW_THRESHOLD', reports: counts.reports, malicious };

  const at = now.toISOString();
  const spamCase: SpamCase = {
    caseId: deps.ids.next('case'),
    brn,
    status: 'OPEN',
    openedAt: at,
    // The review deadline: the policy's staff deadline from opening (work-queues/work-queue.ts).
    dueAt: dueAfterDays(at, parameters.staffStepDeadlineDays),
    evidence: {
      from: hourStart(window.from),
      to: at,
      reports: counts.reports,
      malicious,
      byCategory: { ...counts.byCategory },
      byRelay: { ...counts.byRelay },
      threshold,
    },
    revision: 1,
  };
  const detail = { caseId: spamCase.caseId, brn, reports: counts.reports, malicious, threshold };
  try {
    await deps.registry.commit({
      spamCase: { before: undefined, after: spamCase },
      audit: [
        { entity: `case#${spamCase.caseId}`, at, actor: SPAM_INTAKE_ACTOR, action: 'CASE_OPENED', detail },
        { entity: `reseller#${brn}`, at, actor: SPAM_INTAKE_ACTOR, action: 'SPAM_CASE_OPENED', detail },
      ],
    });
  } catch (error) {
    if (error instanceof OpenCaseExistsError) return { outcome: 'ALREADY_OPEN' };
    throw error;
  }
  return { outcome: 'OPENED', spamCase };
}

/**
 * A decided case (confirmed or dismissed) settles the reports it was decided on: only reports
 * received after the last decision on the reseller can open a new case. Counts are kept by the
 * hour, so the decision's own hour is settled with it: counting resumes at the next hour bucket.
 * No open case exists when this is asked, so the reseller's newest case is the last decided one.
 */
async function unsettledFrom(deps: Pick<Deps, 'cases'>, brn: string): Promise<string | undefined> {
  const { items } = await deps.cases.list({ brn }, { limit: 1 });
  const decidedAt = items[0]?.decidedAt;
  if (!decidedAt) return undefined;
  return hourBucket(new Date((Math.floor(Date.parse(decidedAt) / 3_600_000) + 1) * 3_600_000));
}

function emptyCounts(): WindowCounts {
  return { reports: 0, byCategory: {}, byRelay: {} };
}

/** A case as the API shows it (the storage revision stays inside). */
export function caseView(c: SpamCase): Omit<SpamCase, 'revision'> {
  const { revision: _revision, ...view } = c;
  return view;
}

export async function listCases(
  deps: Pick<Deps, 'cases'>,
  filter: { status?: SpamCase['status']; brn?: string } & WorkQueueFilter,
  page: PageRequest,
): Promise<Page<Omit<SpamCase, 'revision'>>> {
  const result = await deps.cases.list(filter, page);
  return {
    items: result.items.map(caseView),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

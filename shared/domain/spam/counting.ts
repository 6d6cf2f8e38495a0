import { type CaseCheck, evaluateSpamCase } from '../cases/case-opening.js';
import { policyAt } from '../policy/policy.js';
import type { Deps } from '../ports.js';
import { type AttributedReport, aggregate, countersOf, windowBuckets } from './attribution.js';
import type { CaseInputs } from './ports.js';

/** A report as it first appeared in the store's change stream, with its sequence number. */
export interface FirstWrite {
  sequence: string;
  report: AttributedReport;
}

/** Counter updates per commit: DynamoDB allows 100 actions per transaction, one is the batch marker. */
export const MAX_COUNTERS_PER_COMMIT = 99;
const CASE_CHECK_CONCURRENCY = 4;

/** Stream sequence numbers are decimal strings of varying length. */
export function compareSequence(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Splits a run of first writes (in stream order) into consecutive groups whose counters fit one
 * commit. Consecutive, so that each group is a run of the stream with its own first sequence.
 */
export function commitGroups(writes: readonly FirstWrite[], max = MAX_COUNTERS_PER_COMMIT): FirstWrite[][] {
  const groups: FirstWrite[][] = [];
  let current: FirstWrite[] = [];
  let counters = new Set<string>();
  for (const w of writes) {
    const ids = countersOf(w.report).map((k) => k.id);
    const fresh = ids.filter((id) => !counters.has(id));
    if (current.length > 0 && counters.size + fresh.length > max) {
      groups.push(current);
      current = [];
      counters = new Set();
    }
    current.push(w);
    for (const id of ids) counters.add(id);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Counting stopped at `sequence`: everything before it is counted; retry from it. */
export class CountingFailedError extends Error {
  constructor(
    readonly sequence: string,
    options: { cause: unknown },
  ) {
    super(`spam reports from sequence ${sequence} were not counted`, options);
    this.name = 'CountingFailedError';
  }
}

export interface CountResult {
  counted: number;
  /** Reports of this batch counted by an earlier delivery of it. */
  seen: number;
  cases: { brn: string; outcome: CaseCheck['outcome'] }[];
  /** Resellers whose case check failed (their counts stand; the redelivery checks again). */
  failedChecks: Map<string, Error>;
}

/**
 * The stream consumer's unit of work: count each first-written report once, then check the case of
 * every reseller it touched. Each group's increments commit atomically with a marker of the
 * group's first sequence; a redelivered batch finds the marker and skips what it covered, so a
 * report is counted exactly once however often the stream delivers it. Case checks run for every
 * reseller of the batch, counted now or before (a redelivery after a failed check checks again).
 */
export async function countSpamReports(
  deps: Pick<Deps, 'clock' | 'policies' | 'spamCounter' | 'spamReports'>,
  writes: readonly FirstWrite[],
): Promise<CountResult> {
  let counted = 0;
  let seen = 0;
  for (const group of commitGroups(writes)) {
    let pending = group;
    while (pending.length > 0) {
      const first = pending[0]!.sequence;
      let outcome: Awaited<ReturnType<Deps['spamCounter']['commit']>>;
      try {
        outcome = await deps.spamCounter.commit({
          first,
          last: pending.at(-1)!.sequence,
          increments: aggregate(pending.map((w) => w.report)),
        });
      } catch (error) {
        throw new CountingFailedError(first, { cause: error });
      }
      if (outcome.status === 'COUNTED') {
        counted += pending.length;
        break;
      }
      const rest = pending.filter((w) => compareSequence(w.sequence, outcome.through) > 0);
      seen += pending.length - rest.length;
      pending = rest;
    }
  }
  const brns = [...new Set(writes.flatMap((w) => (w.report.brn ? [w.report.brn] : [])))].sort();
  const { cases, failedChecks } = await checkCases(deps, brns);
  return { counted, seen, cases, failedChecks };
}

async function checkCases(deps: Pick<Deps, 'clock' | 'policies' | 'spamReports'>, brns: readonly string[]) {
  const cases: CountResult['cases'] = [];
  const failedChecks = new Map<string, Error>();
  if (brns.length === 0) return { cases, failedChecks };
  let inputs: CaseInputs = deps.spamReports;
  try {
    if (deps.spamReports.caseInputs) {
      const policy = policyAt(await deps.policies.versions(), deps.clock.now()).parameters.spamCase;
      const window = windowBuckets(deps.clock.now(), policy.windowHours);
      inputs = await deps.spamReports.caseInputs(brns, window.from, window.to);
    }
  } catch (error) {
    for (const brn of brns) failedChecks.set(brn, error as Error);
    return { cases, failedChecks };
  }
  // The store, with the two case reads answered from what was just read in bulk.
  const store = Object.create(deps.spamReports, {
    window: { value: inputs.window.bind(inputs) },
    openCaseExists: { value: inputs.openCaseExists.bind(inputs) },
  });
  const withInputs: Deps = Object.create(deps, { spamReports: { value: store } });
  let next = 0;
  const worker = async () => {
    while (next < brns.length) {
      const brn = brns[next++]!;
      try {
        const check = await evaluateSpamCase(withInputs, brn);
        cases.push({ brn, outcome: check.outcome });
      } catch (error) {
        failedChecks.set(brn, error instanceof Error ? error : new Error(String(error)));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CASE_CHECK_CONCURRENCY, brns.length) }, worker));
  cases.sort((a, b) => a.brn.localeCompare(b.brn));
  return { cases, failedChecks };
}

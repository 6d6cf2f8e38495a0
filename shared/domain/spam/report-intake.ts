import type { FieldError } from '../core/errors.js';
import type { Validator } from '../core/validation.js';
import type { Deps } from '../ports.js';
import type { SpamReport } from './attribution.js';

export interface RejectedReport {
  index: number;
  reportId?: string;
  errors: FieldError[];
}

export interface IntakeResult {
  accepted: number;
  rejected: RejectedReport[];
}

/**
 * Validates each row on its own (a bad row is rejected with its fields named; the others go on)
 * and queues the valid ones. All or nothing towards the caller: if the queue does not take every
 * valid report, QueueUnavailableError propagates and nothing is reported as accepted. A retry of
 * the whole call is safe, since reports are recorded once by reportId.
 */
export async function submitSpamReports(
  deps: Pick<Deps, 'spamQueue'>,
  rows: readonly unknown[],
  validateReport: Validator<SpamReport>,
): Promise<IntakeResult> {
  const { valid, rejected } = validateSpamReports(rows, validateReport);
  if (valid.length > 0) await deps.spamQueue.enqueue(valid);
  return { accepted: valid.length, rejected };
}

export function validateSpamReports(
  rows: readonly unknown[],
  validateReport: Validator<SpamReport>,
): {
  valid: SpamReport[];
  rejected: RejectedReport[];
} {
  const valid: SpamReport[] = [];
  const rejected: RejectedReport[] = [];
  const firstIndex = new Map<string, number>();
  for (const [index, raw] of rows.entries()) {
    const rawId = (raw as { reportId?: unknown } | null)?.reportId;
    const reportId = typeof rawId === 'string' && rawId.length <= 128 ? rawId : undefined;
    const parsed = validateReport(raw);
    if (!parsed.ok) {
      rejected.push({ index, ...(reportId ? { reportId } : {}), errors: parsed.errors });
      continue;
    }
    const seen = firstIndex.get(parsed.value.reportId);
    if (seen !== undefined) {
      rejected.push({
        index,
        reportId: parsed.value.reportId,
        errors: [{ path: 'reportId', message: `repeats the reportId of reports[${seen}] in this call` }],
      });
      continue;
    }
    firstIndex.set(parsed.value.reportId, index);
    valid.push(parsed.value);
  }
  return { valid, rejected };
}

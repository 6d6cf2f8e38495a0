import { zodFieldErrors } from '../../schemas/field-errors.js';
import { type SpamReport, spamReportSchema } from '../../schemas/spam.js';
import type { FieldError } from '../core/errors.js';
import type { Deps } from '../ports.js';

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
): Promise<IntakeResult> {
  const { valid, rejected } = validateSpamReports(rows);
  if (valid.length > 0) await deps.spamQueue.enqueue(valid);
  return { accepted: valid.length, rejected };
}

export function validateSpamReports(rows: readonly unknown[]): {
  valid: SpamReport[];
  rejected: RejectedReport[];
} {
  const valid: SpamReport[] = [];
  const rejected: RejectedReport[] = [];
  const firstIndex = new Map<string, number>();
  for (const [index, raw] of rows.entries()) {
    const rawId = (raw as { reportId?: unknown } | null)?.reportId;
    const reportId = typeof rawId === 'string' && rawId.length <= 128 ? rawId : undefined;
    const parsed = spamReportSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({
        index,
        ...(reportId ? { reportId } : {}),
        errors: zodFieldErrors(parsed.error, '').map(relative),
      });
      continue;
    }
    const seen = firstIndex.get(parsed.data.reportId);
    if (seen !== undefined) {
      rejected.push({
        index,
        reportId: parsed.data.reportId,
        errors: [{ path: 'reportId', message: `repeats the reportId of reports[${seen}] in this call` }],
      });
      continue;
    }
    firstIndex.set(parsed.data.reportId, index);
    valid.push(parsed.data);
  }
  return { valid, rejected };
}

/** Paths relative to the row: `category`, `contentDigest` (the row is `index`). */
function relative(e: FieldError): FieldError {
  return { path: e.path.replace(/^\./, ''), message: e.message };
}

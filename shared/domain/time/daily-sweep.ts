import { reviewInput } from '../applications/application-use-cases.js';
import { redrivePendingNotices } from '../notices/delivery.js';
import { policyAt } from '../policy/policy.js';
import type { Deps } from '../ports.js';
import { sweepDue } from '../resellers/time-enforcement.js';
import { type EscalationReport, escalateOverdueWork } from '../work-queues/escalation.js';

/** Applications still SUBMITTED this long after submission lost their workflow start. */
const STALLED_AFTER_MS = 15 * 60_000;

export interface SweepReport {
  checked: number;
  changed: number;
  inspectionsOverdue: number;
  reviewsStarted: number;
  /** Notices still undelivered, and those handed back to the outbox relay. */
  noticesPending: number;
  noticesRedriven: number;
  /** Staff work escalated because its due time passed, by kind (the alarm counts them). */
  workEscalated: EscalationReport;
}

/**
 * The daily backstop: enforce every time-driven change that is due, start the review of any
 * application whose workflow never started (named executions make that idempotent), and hand
 * notices left undelivered back to the outbox relay. It runs at 00:00 KST, the instant staff
 * deadlines end, so overdue cases, objections and change reports escalate then.
 */
export async function sweepRegistry(
  deps: Pick<
    Deps,
    | 'applications'
    | 'cases'
    | 'changeReports'
    | 'objections'
    | 'clock'
    | 'notices'
    | 'notifier'
    | 'policies'
    | 'registry'
    | 'resellers'
    | 'reviews'
  >,
): Promise<SweepReport> {
  const results = await sweepDue(deps);
  const now = deps.clock.now();
  const policy = policyAt(await deps.policies.versions(), now).parameters;
  const cutoff = new Date(now.getTime() - STALLED_AFTER_MS).toISOString();
  let reviewsStarted = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.applications.list(
      { status: 'SUBMITTED' },
      { limit: 100, ...(cursor ? { cursor } : {}) },
    );
    for (const app of page.items) {
      if (app.submittedAt > cutoff) continue;
      await deps.reviews.start(reviewInput(app.applicationId, policy));
      reviewsStarted++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  const notices = await redrivePendingNotices(deps);
  const workEscalated = await escalateOverdueWork(deps);
  return {
    workEscalated,
    noticesPending: notices.pending,
    noticesRedriven: notices.redriven,
    checked: results.length,
    changed: results.filter((r) => r.changed).length,
    inspectionsOverdue: results.filter((r) => r.inspectionOverdue).length,
    reviewsStarted,
  };
}

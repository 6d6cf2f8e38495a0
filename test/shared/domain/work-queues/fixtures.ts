import type { Application } from '../../../../shared/domain/applications/application.js';
import type { ChangeReport } from '../../../../shared/domain/change-reports/change-report.js';
import type { Objection } from '../../../../shared/domain/objections/objection.js';

/** Work items as their capabilities store them, reduced to what the work queues read. */
export function application(id: string, over: Partial<Application> = {}): Application {
  return {
    applicationId: id,
    brn: '2208162517',
    companyName: 'Co',
    status: 'DOCUMENT_REVIEW',
    submittedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    revision: 3,
    submission: {} as Application['submission'],
    checklistVersion: 1,
    failedItems: [],
    reasons: [],
    flags: [],
    history: [],
    deadline: '2026-01-31T15:00:00.000Z',
    ...over,
  };
}

export function objection(id: string, over: Partial<Objection> = {}): Objection {
  return {
    objectionId: id,
    brn: '2208162517',
    subject: { type: 'SANCTION', id: 'snc_1' },
    grounds: 'the reports were not ours',
    status: 'FILED',
    filedAt: '2026-01-02T00:00:00.000Z',
    contestedAt: '2026-01-01T00:00:00.000Z',
    windowEnds: '2026-01-31T15:00:00.000Z',
    dueAt: '2026-02-01T15:00:00.000Z',
    history: [{ at: '2026-01-02T00:00:00.000Z', actor: 'reseller:2208162517', action: 'FILED' }],
    revision: 1,
    ...over,
  };
}

export function changeReport(id: string, over: Partial<ChangeReport> = {}): ChangeReport {
  return {
    changeReportId: id,
    brn: '2208162517',
    certificateId: 'C-2025-162517',
    status: 'UNDER_REVIEW',
    changedAt: '2026-01-01T00:00:00.000Z',
    reportedAt: '2026-01-03T00:00:00.000Z',
    reportBy: '2026-01-16T15:00:00.000Z',
    late: false,
    changes: { paidInCapitalKrw: 500_000_000 },
    material: ['paidInCapitalKrw'],
    failedItems: [],
    reasons: [],
    flags: [],
    dueAt: '2026-02-02T15:00:00.000Z',
    history: [{ at: '2026-01-03T00:00:00.000Z', actor: 'reseller:2208162517', action: 'UNDER_REVIEW' }],
    revision: 1,
    ...over,
  };
}

import { ConflictError } from '../core/errors.js';

export const applicationStatuses = [
  'SUBMITTED',
  'SCREENING',
  'DOCUMENT_REVIEW',
  'SUPPLEMENT_REQUESTED',
  'INSPECTION',
  'COMMITTEE_REVIEW',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'EXPIRED',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export const terminalStatuses: ReadonlySet<ApplicationStatus> = new Set([
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'EXPIRED',
]);

export type ApplicationEvent =
  | 'SCREENING_STARTED'
  | 'SCREENING_PASSED'
  | 'SCREENING_FAILED'
  | 'REVIEW_PASSED'
  | 'SUPPLEMENT_REQUESTED'
  | 'REVIEW_REJECTED'
  | 'SUPPLEMENTED'
  | 'SUPPLEMENT_DEADLINE_MISSED'
  | 'INSPECTION_PASSED'
  | 'INSPECTION_FAILED'
  | 'COMMITTEE_APPROVED'
  | 'COMMITTEE_REJECTED'
  | 'WITHDRAWN';

/** The whole lifecycle as data: from-status → event → to-status. Anything absent is a 409. */
export const applicationTransitions: Readonly<
  Record<ApplicationStatus, Partial<Record<ApplicationEvent, ApplicationStatus>>>
> = {
  SUBMITTED: { SCREENING_STARTED: 'SCREENING', WITHDRAWN: 'WITHDRAWN' },
  SCREENING: { SCREENING_PASSED: 'DOCUMENT_REVIEW', SCREENING_FAILED: 'REJECTED', WITHDRAWN: 'WITHDRAWN' },
  DOCUMENT_REVIEW: {
    REVIEW_PASSED: 'INSPECTION',
    SUPPLEMENT_REQUESTED: 'SUPPLEMENT_REQUESTED',
    REVIEW_REJECTED: 'REJECTED',
    WITHDRAWN: 'WITHDRAWN',
  },
  SUPPLEMENT_REQUESTED: {
    SUPPLEMENTED: 'DOCUMENT_REVIEW',
    SUPPLEMENT_DEADLINE_MISSED: 'EXPIRED',
    WITHDRAWN: 'WITHDRAWN',
  },
  INSPECTION: {
    INSPECTION_PASSED: 'COMMITTEE_REVIEW',
    INSPECTION_FAILED: 'REJECTED',
    WITHDRAWN: 'WITHDRAWN',
  },
  COMMITTEE_REVIEW: {
    COMMITTEE_APPROVED: 'APPROVED',
    COMMITTEE_REJECTED: 'REJECTED',
    WITHDRAWN: 'WITHDRAWN',
  },
  APPROVED: {},
  REJECTED: {},
  WITHDRAWN: {},
  EXPIRED: {},
};

export function nextStatus(from: ApplicationStatus, event: ApplicationEvent): ApplicationStatus {
  const to = applicationTransitions[from][event];
  if (!to) throw new ConflictError(`application is ${from}; it does not accept ${event}`);
  return to;
}

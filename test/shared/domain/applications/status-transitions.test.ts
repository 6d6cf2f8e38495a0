import { describe, expect, it } from 'vitest';
import {
  applicationStatuses,
  applicationTransitions,
  nextStatus,
  terminalStatuses,
} from '../../../../shared/domain/applications/status-transitions.js';
import { ConflictError } from '../../../../shared/domain/core/errors.js';

describe('application lifecycle', () => {
  it('walks the happy path from submission to approval', () => {
    let s = nextStatus('SUBMITTED', 'SCREENING_STARTED');
    s = nextStatus(s, 'SCREENING_PASSED');
    s = nextStatus(s, 'SUPPLEMENT_REQUESTED');
    s = nextStatus(s, 'SUPPLEMENTED');
    s = nextStatus(s, 'REVIEW_PASSED');
    s = nextStatus(s, 'INSPECTION_PASSED');
    expect(nextStatus(s, 'COMMITTEE_APPROVED')).toBe('APPROVED');
  });

  it('ends an application whose supplement deadline passed as EXPIRED', () => {
    expect(nextStatus('SUPPLEMENT_REQUESTED', 'SUPPLEMENT_DEADLINE_MISSED')).toBe('EXPIRED');
  });

  it('rejects a supplement when none was requested', () => {
    expect(() => nextStatus('DOCUMENT_REVIEW', 'SUPPLEMENTED')).toThrow(ConflictError);
  });

  it('refuses a committee decision before the inspection', () => {
    expect(() => nextStatus('INSPECTION', 'COMMITTEE_APPROVED')).toThrow(/INSPECTION/);
  });

  it('lets every undecided application be withdrawn and no decided one', () => {
    for (const s of applicationStatuses) {
      if (terminalStatuses.has(s)) expect(() => nextStatus(s, 'WITHDRAWN')).toThrow(ConflictError);
      else expect(nextStatus(s, 'WITHDRAWN')).toBe('WITHDRAWN');
    }
  });

  it('has no way out of a terminal status', () => {
    for (const s of terminalStatuses) expect(Object.keys(applicationTransitions[s])).toEqual([]);
  });

  it('only ever leads to known statuses', () => {
    for (const targets of Object.values(applicationTransitions)) {
      for (const to of Object.values(targets)) expect(applicationStatuses).toContain(to);
    }
  });
});

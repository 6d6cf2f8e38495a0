import type { Throttle } from '../policy/policy.js';

export interface Sanction {
  sanctionId: string;
  brn: string;
  type: 'WARNING' | 'THROTTLE' | 'SUSPENSION' | 'REVOCATION';
  from: string;
  until: string | null;
  reason: string;
  caseId?: string;
  throttle?: Throttle;
  imposedAt: string;
  imposedBy: string;
  /** The role that decided it: only the committee may lift or shorten what the committee decided. */
  decidedBy?: 'committee' | 'reviewer';
  liftedAt?: string;
  liftedBy?: string;
  liftReason?: string;
  /** An objection's outcome: a stay pauses it, a cancellation ends it and takes it out of the ladder. */
  stayedAt?: string;
  cancelledAt?: string;
  cancelledBy?: string;
  revision: number;
}

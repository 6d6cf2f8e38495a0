import type { NoticeType } from '../notices/notice.js';
import type { Throttle } from '../policy/policy.js';
import type { EligibilityStatus } from './eligibility.js';

export interface ChangeEntry {
  seq: number;
  brn: string;
  status: EligibilityStatus;
  throttle: Throttle | null;
  reason: string;
  effectiveAt: string;
  version: number;
  /** The notice type relays receive for this change (see announce.ts `noticeTypeFor`). */
  noticeType: NoticeType;
  /** When a sanction caused the change: its id, carried into the notices. */
  sanctionId?: string;
  /** When the new state ends by time alone, wherever that is known (a sanction's end, a deadline, validity). */
  until?: string | null;
}

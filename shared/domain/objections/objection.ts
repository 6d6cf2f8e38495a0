import type { Application } from '../applications/application.js';
import type { Sanction } from '../sanctions/sanction.js';
import { dueAfterDays } from '../time/kst-dates.js';

/**
 * An objection (이의신청) to a rejection, a sanction or a revocation: filed by the reseller within
 * the policy window, one per subject; the committee may stay a sanction meanwhile and decides
 * UPHOLD, MODIFY (a replacement sanction) or CANCEL.
 */
export type ObjectionSubject = { type: 'SANCTION' | 'APPLICATION'; id: string };
export type ObjectionStatus = 'FILED' | 'UPHELD' | 'MODIFIED' | 'CANCELLED';
export type ObjectionDecision = 'UPHOLD' | 'MODIFY' | 'CANCEL';

export interface Objection {
  objectionId: string;
  brn: string;
  subject: ObjectionSubject;
  grounds: string;
  status: ObjectionStatus;
  filedAt: string;
  /** The decision contested, and the last instant an objection to it could be filed. */
  contestedAt: string;
  windowEnds: string;
  stay?: { granted: boolean; at: string; by: string; comment: string };
  decision?: ObjectionDecision;
  decidedAt?: string;
  replacementSanctionId?: string;
  assignee?: string;
  /** When the committee should have decided (staff deadline): lateness escalates, never decides. */
  dueAt: string;
  /** When the decision deadline passed undecided (escalated once; eligibility untouched). */
  escalatedAt?: string;
  history: { at: string; actor: string; action: string; comment?: string }[];
  revision: number;
}

/** One objection per subject: its id follows from the subject, so a second one cannot be stored. */
export function objectionIdFor(subject: ObjectionSubject): string {
  return `obj_${subject.type === 'SANCTION' ? 's' : 'a'}_${subject.id}`;
}

/** When the contested decision was made: a sanction's imposition, a rejection's last step. */
export function contestedAt(subject: Sanction | Application): string | undefined {
  if ('sanctionId' in subject) return subject.imposedAt;
  if (subject.status !== 'REJECTED') return undefined;
  return subject.history.at(-1)?.at ?? subject.updatedAt;
}

/** The last instant to object: the end of the KST day `days` after the decision. */
export function objectionWindowEnds(decidedAt: string, days: number): string {
  return dueAfterDays(decidedAt, days);
}

/** A spam case: reports attributed to one reseller crossed a policy threshold. */
export interface SpamCase {
  caseId: string;
  brn: string;
  status: 'OPEN' | 'CONFIRMED' | 'DISMISSED';
  openedAt: string;
  /** The window the threshold was crossed in, and what crossed it. */
  evidence: {
    from: string;
    to: string;
    reports: number;
    malicious: number;
    byCategory: Record<string, number>;
    byRelay: Record<string, number>;
    threshold: string;
  };
  decision?: 'CONFIRM' | 'DISMISS';
  decidedAt?: string;
  decidedBy?: string;
  comment?: string;
  sanctionId?: string;
  /** The member of staff reviewing it (work-queues/work-queue.ts); an escalation clears it. */
  assignee?: string;
  /** The review deadline: the policy's staff deadline from when the case opened. */
  dueAt?: string;
  /** When the review deadline passed undecided (escalated once; eligibility untouched). */
  escalatedAt?: string;
  revision: number;
}

import type { ApplicationStatus } from './status-transitions.js';

/** What an applicant submits (checked at the edge by shared/schemas/applications.ts). */
export interface ApplicationBody {
  /** 10 digits. */
  brn: string;
  companyName: string;
  representative: { name: string; phone: string; email: string };
  officeAddress: string;
  telecomRegistrationNumber: string;
  paidInCapitalKrw: number;
  antiSpamStaff: { name: string; phone: string; employee: boolean }[];
  bankAccount: { bank: string; number: string };
  relayOperatorIds: string[];
  serviceTypes: ('WEB' | 'API' | 'MODULE')[];
  checklist: { item: string; evidence: string; documents?: string[] }[];
  /** RENEWAL renews the caller's current certificate; absent means NEW. */
  kind?: 'NEW' | 'RENEWAL';
}

export interface HistoryEntry {
  step: string;
  at: string;
  actor: string;
  decision?: string;
  comment?: string;
  failedItems?: string[];
}

export interface ScreeningFlag {
  kind: 'REPRESENTATIVE' | 'PHONE' | 'EMAIL' | 'ADDRESS' | 'BANK_ACCOUNT';
  matchedBrn: string;
  matchedStatus: string;
  evidence: string;
}

export interface Application {
  applicationId: string;
  brn: string;
  companyName: string;
  status: ApplicationStatus;
  submittedAt: string;
  updatedAt: string;
  /** Optimistic-concurrency counter: every write is conditional on it. */
  revision: number;
  submission: Omit<ApplicationBody, 'brn'>;
  checklistVersion: number;
  failedItems: string[];
  reasons: string[];
  flags: ScreeningFlag[];
  history: HistoryEntry[];
  /** The deadline of the step now awaiting input, if any. */
  deadline?: string;
  certificateId?: string;
  /** When the on-site inspection took place, as the inspector recorded it. */
  inspectedAt?: string;
  /** The Step Functions task token of the human step now open; never shown to callers. */
  taskToken?: string;
  /** Decisions already applied (their ids), so a retried workflow step never applies one twice. */
  appliedDecisions?: string[];
  /** A renewal of the reseller's current certificate (absent: a new certification). */
  kind?: 'NEW' | 'RENEWAL';
  /** Staff-deadline escalations so far (they alarm; they never end an application). */
  escalations?: number;
  /** The member of staff working on it (work-queues/work-queue.ts); an escalation clears it. */
  assignee?: string;
  /** The last escalation, when staff let its step's deadline pass. */
  escalatedAt?: string;
}

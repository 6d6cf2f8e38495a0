/**
 * The certification checklist as versioned data (reseller guidance, version 7, 2026).
 * `source: 'attestation'` items are answered by the applicant with evidence in `checklist`;
 * `source: 'profile'` items are judged by screening from the application's structured fields.
 */
export interface ChecklistItem {
  id: string;
  title: string;
  mandatory: boolean;
  source: 'attestation' | 'profile';
}

export interface Checklist {
  version: number;
  publishedAt: string;
  items: readonly ChecklistItem[];
}

export const checklistV7: Checklist = {
  version: 7,
  publishedAt: '2026-01-01T00:00:00.000Z',
  items: [
    { id: '0.1', title: 'Application form', mandatory: true, source: 'attestation' },
    { id: '0.2', title: 'Corporate registry certificate', mandatory: true, source: 'attestation' },
    { id: '0.3', title: 'Terms of service with anti-spam clauses', mandatory: true, source: 'attestation' },
    { id: '0.4', title: 'Proof of office (lease or ownership)', mandatory: true, source: 'attestation' },
    { id: '0.5', title: 'Anti-spam operation plan', mandatory: true, source: 'attestation' },
    {
      id: '1.1',
      title: 'Paid-in capital at or above the policy minimum',
      mandatory: true,
      source: 'profile',
    },
    {
      id: '1.2',
      title: 'Dedicated anti-spam staff (not the representative)',
      mandatory: true,
      source: 'profile',
    },
    {
      id: '2.1',
      title: 'Account identity checks, one account per real sender, caps on sender lines',
      mandatory: true,
      source: 'attestation',
    },
    { id: '2.2', title: 'Blocking access from abroad', mandatory: true, source: 'attestation' },
    { id: '2.3', title: 'Payment-fraud checks', mandatory: true, source: 'attestation' },
    { id: '3.1', title: 'Firewall in front of the sending platform', mandatory: true, source: 'attestation' },
    {
      id: '3.2',
      title: 'Network access control to administrative systems',
      mandatory: true,
      source: 'attestation',
    },
    {
      id: '3.3',
      title: 'Access rights granted, reviewed and revoked',
      mandatory: true,
      source: 'attestation',
    },
    { id: '3.4', title: 'Multi-factor authentication at login', mandatory: true, source: 'attestation' },
    { id: '3.5', title: 'Extra authentication at send time', mandatory: true, source: 'attestation' },
    { id: '4.1', title: 'Sending logs kept at least one year', mandatory: true, source: 'attestation' },
    { id: '4.2', title: 'Logs protected against tampering', mandatory: true, source: 'attestation' },
    { id: '4.3', title: 'Logs reviewed monthly', mandatory: true, source: 'attestation' },
    { id: '5.1', title: 'Response procedure for spam reports', mandatory: true, source: 'attestation' },
    {
      id: '5.2',
      title: 'Pre-send blocking of keywords, URLs and numbers',
      mandatory: true,
      source: 'attestation',
    },
  ],
};

export const checklists: readonly Checklist[] = [checklistV7];

export function checklistInForce(): Checklist {
  return checklists.reduce((a, b) => (b.version > a.version ? b : a));
}

import type { Schemas } from '../../api/client.js';

/** The application form's state (inputs as typed), its draft in localStorage, and the body it sends. */
export interface ApplicationDraft {
  companyName: string;
  repName: string;
  repPhone: string;
  repEmail: string;
  officeAddress: string;
  telecomRegistrationNumber: string;
  paidInCapitalKrw: string;
  staff: { name: string; phone: string; employee: boolean }[];
  bank: string;
  account: string;
  relayOperatorIds: string[];
  serviceTypes: string[];
  evidence: Record<string, string>;
  documents: Record<string, string>;
}

export const emptyDraft = (): ApplicationDraft => ({
  companyName: '',
  repName: '',
  repPhone: '',
  repEmail: '',
  officeAddress: '',
  telecomRegistrationNumber: '',
  paidInCapitalKrw: '',
  staff: [{ name: '', phone: '', employee: true }],
  bank: '',
  account: '',
  relayOperatorIds: [],
  serviceTypes: [],
  evidence: {},
  documents: {},
});

const draftKey = (brn: string) => `console.applicationDraft.${brn}`;

export function loadDraft(brn: string): ApplicationDraft {
  try {
    const raw = localStorage.getItem(draftKey(brn));
    return raw ? { ...emptyDraft(), ...(JSON.parse(raw) as Partial<ApplicationDraft>) } : emptyDraft();
  } catch {
    return emptyDraft();
  }
}

export const saveDraft = (brn: string, draft: ApplicationDraft) =>
  localStorage.setItem(draftKey(brn), JSON.stringify(draft));
export const clearDraft = (brn: string) => localStorage.removeItem(draftKey(brn));

/** Only answered checklist items are sent; screening says which missing ones matter. */
export function checklistEntries(draft: ApplicationDraft, itemIds: readonly string[]) {
  return itemIds
    .filter((id) => (draft.evidence[id] ?? '').trim() !== '')
    .map((id) => {
      const documents = (draft.documents[id] ?? '')
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean);
      return { item: id, evidence: draft.evidence[id]!.trim(), ...(documents.length ? { documents } : {}) };
    });
}

/**
 * The body as the API takes it. Malformed input (a non-number capital, say) is sent as typed, so the
 * API's problem names the field; the console never second-guesses the contract's rules.
 */
export function applicationBody(brn: string, d: ApplicationDraft, itemIds: readonly string[]) {
  const capital = d.paidInCapitalKrw.replace(/[,\s원]/g, '');
  return {
    brn,
    companyName: d.companyName,
    representative: { name: d.repName, phone: d.repPhone, email: d.repEmail },
    officeAddress: d.officeAddress,
    telecomRegistrationNumber: d.telecomRegistrationNumber,
    paidInCapitalKrw: /^\d+$/.test(capital) ? Number(capital) : (capital as unknown as number),
    antiSpamStaff: d.staff,
    bankAccount: { bank: d.bank, number: d.account },
    relayOperatorIds: d.relayOperatorIds,
    serviceTypes: d.serviceTypes,
    checklist: checklistEntries(d, itemIds),
  } as Schemas['ApplicationBody'];
}

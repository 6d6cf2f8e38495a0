import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checklistV7 } from '../../shared/domain/applications/checklist.js';
import type { Reseller } from '../../shared/domain/resellers/eligibility.js';

/**
 * Check-digit vectors and the programme's instants (each 00:00 KST of the next day), kept in the
 * repository so a clone anywhere passes its tests.
 */
export const vectors = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/vectors/brn-and-instants.json', import.meta.url)), 'utf8'),
) as {
  brn: { valid: string[]; invalid: string[]; malformed: string[] };
  instants: { programStart: string; existingDeadline: string; extensionEnd: string };
};

/** A complete, well-formed application body for `brn` (answers every attestation item). */
export function applicationBody(brn = '2208162517', overrides: Record<string, unknown> = {}) {
  return {
    brn,
    companyName: 'Example Messaging Co.',
    representative: { name: 'Hong Gildong', phone: '010-1234-5678', email: 'ceo@example.kr' },
    officeAddress: '12 Teheran-ro, Gangnam-gu, Seoul',
    telecomRegistrationNumber: '2024-SEOUL-0001',
    paidInCapitalKrw: 300_000_000,
    antiSpamStaff: [{ name: 'Kim Cheolsu', phone: '010-2222-3333', employee: true }],
    bankAccount: { bank: 'KB', number: '123-456-789012' },
    relayOperatorIds: ['kt', 'lguplus'],
    serviceTypes: ['WEB', 'API'],
    checklist: checklistV7.items
      .filter((i) => i.source === 'attestation')
      .map((i) => ({ item: i.id, evidence: `evidence for ${i.id}`, documents: [`doc-${i.id}`] })),
    ...overrides,
  };
}

/** An existing reseller in GRACE, as the repository stores it; `over` changes any field. */
export function resellerFixture(brn: string, over: Partial<Reseller> = {}): Reseller {
  return {
    brn,
    companyName: `Co ${brn}`,
    existing: true,
    relayOperatorIds: ['kt'],
    status: 'GRACE',
    throttle: null,
    version: 1,
    reason: 'grace',
    effectiveAt: '2024-07-01T00:00:00.000Z',
    revision: 1,
    createdAt: '2024-07-01T00:00:00.000Z',
    updatedAt: '2024-07-01T00:00:00.000Z',
    ...over,
  };
}

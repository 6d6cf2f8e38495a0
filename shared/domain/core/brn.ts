/**
 * Korean business registration number (사업자등록번호): 10 digits, the last a check digit.
 * Weights 1,3,7,1,3,7,1,3,5 over digits 1-9, plus floor(d9 * 5 / 10); check = (10 - sum mod 10) mod 10.
 */
const WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5] as const;

export type BrnProblem = 'format' | 'checksum';

export function brnCheckDigit(firstNine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * WEIGHTS[i]!;
  sum += Math.floor((Number(firstNine[8]) * 5) / 10);
  return (10 - (sum % 10)) % 10;
}

/** Accepts `2208162517` or `220-81-62517`; returns the bare 10 digits or why it is not a BRN. */
export function parseBrn(input: string): { ok: true; brn: string } | { ok: false; problem: BrnProblem } {
  const trimmed = input.trim();
  if (!/^(\d{10}|\d{3}-\d{2}-\d{5})$/.test(trimmed)) return { ok: false, problem: 'format' };
  const digits = trimmed.replaceAll('-', '');
  if (brnCheckDigit(digits.slice(0, 9)) !== Number(digits[9])) return { ok: false, problem: 'checksum' };
  return { ok: true, brn: digits };
}

import { describe, expect, it } from 'vitest';
import { brnCheckDigit, parseBrn } from '../../../../shared/domain/core/brn.js';
import { vectors } from '../../../support/fixtures.js';

describe('business registration number', () => {
  it.each(vectors.brn.valid)('accepts the valid vector %s', (brn) => {
    expect(parseBrn(brn)).toEqual({ ok: true, brn });
  });

  it.each(vectors.brn.invalid)('rejects %s for its check digit', (brn) => {
    expect(parseBrn(brn)).toEqual({ ok: false, problem: 'checksum' });
  });

  it.each(vectors.brn.malformed)('rejects the malformed %j as a format problem', (brn) => {
    expect(parseBrn(brn)).toEqual({ ok: false, problem: 'format' });
  });

  it('accepts the dashed form and answers the bare digits', () => {
    expect(parseBrn('220-81-62517')).toEqual({ ok: true, brn: '2208162517' });
  });

  it('rejects dashes in the wrong places', () => {
    expect(parseBrn('2208-16-2517')).toEqual({ ok: false, problem: 'format' });
  });

  it('computes the check digit including the carry of the ninth digit', () => {
    expect(brnCheckDigit('220816251')).toBe(7);
    expect(brnCheckDigit('999999999')).toBe(7);
  });
});

import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../../shared/domain/core/errors.js';
import {
  FirstSenderCodeTakenError,
  setFirstSenderCodes,
} from '../../../../shared/domain/spam/first-sender-codes.js';
import { fakeDeps, principals } from '../../../support/fakes.js';
import { spamState } from '../../../support/fakes-spam.js';
import { resellerFixture } from '../../../support/fixtures.js';

const A = '2208162517';
const B = '1248100998';

const reseller = (brn: string) => resellerFixture(brn, { revision: 3 });

function setup() {
  const deps = fakeDeps();
  deps.store.resellers.set(A, reseller(A));
  deps.store.resellers.set(B, reseller(B));
  return { deps, codes: spamState(deps.store).codes };
}

describe('first-sender codes', () => {
  it('lets the owner set its codes: claimed, written on the reseller, audited', async () => {
    const { deps, codes } = setup();
    expect(await setFirstSenderCodes(deps, principals.reseller(A), A, ['FS2', 'FS1'])).toEqual({
      brn: A,
      codes: ['FS1', 'FS2'],
    });
    expect(deps.store.resellers.get(A)).toMatchObject({ firstSenderCodes: ['FS1', 'FS2'], revision: 4 });
    expect(codes).toEqual(
      new Map([
        ['FS1', A],
        ['FS2', A],
      ]),
    );
    expect(deps.store.audit).toEqual([
      expect.objectContaining({
        entity: `reseller#${A}`,
        action: 'FIRST_SENDER_CODES_SET',
        actor: `reseller:${A}`,
      }),
    ]);
  });

  it('refuses a code another reseller holds', async () => {
    const { deps } = setup();
    await setFirstSenderCodes(deps, principals.reseller(A), A, ['FS1']);
    await expect(setFirstSenderCodes(deps, principals.reseller(B), B, ['FS1', 'FS3'])).rejects.toEqual(
      new FirstSenderCodeTakenError(['FS1']),
    );
    expect(deps.store.resellers.get(B)?.firstSenderCodes).toBeUndefined();
  });

  it('releases dropped codes so another reseller may claim them', async () => {
    const { deps, codes } = setup();
    await setFirstSenderCodes(deps, principals.reseller(A), A, ['FS1', 'FS2']);
    await setFirstSenderCodes(deps, principals.reseller(A), A, ['FS2']);
    await setFirstSenderCodes(deps, principals.admin(), B, ['FS1']);
    expect(codes).toEqual(
      new Map([
        ['FS2', A],
        ['FS1', B],
      ]),
    );
  });

  it('answers not found to another reseller and for an unknown reseller', async () => {
    const { deps } = setup();
    await expect(setFirstSenderCodes(deps, principals.reseller(B), A, ['FS1'])).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(setFirstSenderCodes(deps, principals.admin(), '1010101010', ['FS1'])).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('writes nothing when the codes are unchanged', async () => {
    const { deps } = setup();
    await setFirstSenderCodes(deps, principals.reseller(A), A, ['FS1']);
    const commits = deps.store.commits;
    await setFirstSenderCodes(deps, principals.reseller(A), A, ['FS1']);
    expect(deps.store.commits).toBe(commits);
  });
});

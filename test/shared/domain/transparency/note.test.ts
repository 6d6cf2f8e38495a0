import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkpointText,
  ed25519FromSpki,
  encodeVerifierKey,
  type NoteSigner,
  openNote,
  parseCheckpointText,
  parseVerifierKey,
  signNote,
} from '../../../../shared/domain/transparency/note.js';

const vector = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../fixtures/vectors/transparency/signed-note.json'), 'utf8'),
) as { vkey: string; note: string };

function testSigner(name: string): NoteSigner & { raw: Uint8Array } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = ed25519FromSpki(publicKey.export({ format: 'der', type: 'spki' }));
  return { name, raw, publicKey: async () => raw, sign: async (m: Uint8Array) => sign(null, m, privateKey) };
}

describe('C2SP signed notes (Ed25519)', () => {
  it('verifies the example note of the signed-note specification with its verifier key', () => {
    const key = parseVerifierKey(vector.vkey);
    expect(key.name).toBe('example.com/foo');
    expect(key.keyId).toBe(0x530d903a);
    expect(openNote(vector.note, key)).toBe('This is an example message.\n');
    expect(encodeVerifierKey(key.name, key.publicKey)).toBe(vector.vkey);
  });

  it('rejects the example note once its text is changed', () => {
    const key = parseVerifierKey(vector.vkey);
    expect(() => openNote(vector.note.replace('example', 'exampel'), key)).toThrow(/does not verify/);
  });

  it('signs checkpoints that verify with its own vkey and not with another key of the same name', async () => {
    const signer = testSigner('registry.example/log');
    const text = checkpointText({
      origin: signer.name,
      size: 3,
      root: Buffer.alloc(32, 7).toString('base64'),
    });
    const note = await signNote(text, signer);
    const vkey = parseVerifierKey(encodeVerifierKey(signer.name, signer.raw));
    expect(parseCheckpointText(openNote(note, vkey))).toEqual({
      origin: 'registry.example/log',
      size: 3,
      root: Buffer.alloc(32, 7).toString('base64'),
    });
    const other = testSigner('registry.example/log');
    const otherKey = parseVerifierKey(encodeVerifierKey(other.name, other.raw));
    expect(() => openNote(note, otherKey)).toThrow(/no signature by the log key/);
  });

  it('rejects malformed checkpoints and verifier keys', () => {
    expect(() => parseCheckpointText('origin\n01\nAAAA\n')).toThrow(/tree size/);
    expect(() => parseCheckpointText('origin\n1\n')).toThrow(/origin, size and root/);
    expect(() => parseVerifierKey('name+zz+AAAA')).toThrow();
  });
});

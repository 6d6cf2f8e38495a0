import { createHash, createPublicKey, verify } from 'node:crypto';

/**
 * C2SP signed notes with Ed25519 signatures (type 0x01) and C2SP tlog checkpoints.
 * A note is text ending in a newline, a blank line, then `— <name> base64(keyID || signature)`
 * lines; keyID = SHA-256(name || 0x0A || 0x01 || 32-byte public key)[:4]. A verifier key (vkey)
 * is `<name>+<hex keyID>+base64(0x01 || public key)`.
 */
const ED25519 = 0x01;
const EM_DASH_PREFIX = '\u2014 ';
/** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface NoteVerifierKey {
  name: string;
  keyId: number;
  /** The raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
}

/** Signs note text with the log key (locally a key file, in AWS KMS); returns the 64-byte signature. */
export interface NoteSigner {
  readonly name: string;
  /** The raw 32-byte Ed25519 public key. */
  publicKey(): Promise<Uint8Array>;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

export function noteKeyId(name: string, publicKey: Uint8Array): number {
  const h = createHash('sha256').update(name).update(Uint8Array.of(0x0a, ED25519)).update(publicKey).digest();
  return h.readUInt32BE(0);
}

export function encodeVerifierKey(name: string, publicKey: Uint8Array): string {
  if (!validName(name)) throw new Error(`invalid note key name: ${name}`);
  const id = noteKeyId(name, publicKey).toString(16).padStart(8, '0');
  return `${name}+${id}+${Buffer.concat([Uint8Array.of(ED25519), publicKey]).toString('base64')}`;
}

export function parseVerifierKey(vkey: string): NoteVerifierKey {
  // The base64 key may itself contain '+': only the first two separate the parts.
  const [name, id, ...key64] = vkey.trim().split('+');
  const parts = [name, id, key64.join('+')];
  if (key64.length === 0 || !validName(parts[0]!) || !/^[0-9a-f]{8}$/.test(parts[1]!)) {
    throw new Error('a verifier key is <name>+<8 hex digits>+<base64 key>');
  }
  const raw = Buffer.from(parts[2]!, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new Error('only Ed25519 verifier keys are supported');
  const key = { name: parts[0]!, keyId: Number.parseInt(parts[1]!, 16), publicKey: raw.subarray(1) };
  if (noteKeyId(key.name, key.publicKey) !== key.keyId) throw new Error('the verifier key id does not match');
  return key;
}

/** The raw Ed25519 key of a DER SubjectPublicKeyInfo (what KMS GetPublicKey returns). */
export function ed25519FromSpki(spki: Uint8Array): Uint8Array {
  const b = Buffer.from(spki);
  if (b.length !== 44 || !b.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) {
    throw new Error('not an Ed25519 SubjectPublicKeyInfo');
  }
  return b.subarray(12);
}

export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  });
  return verify(null, message, key, signature);
}

export async function signNote(text: string, signer: NoteSigner): Promise<string> {
  if (!text.endsWith('\n')) throw new Error('note text must end with a newline');
  const sig = await signer.sign(Buffer.from(text, 'utf8'));
  const id = Buffer.alloc(4);
  id.writeUInt32BE(noteKeyId(signer.name, await signer.publicKey()));
  return `${text}\n${EM_DASH_PREFIX}${signer.name} ${Buffer.concat([id, sig]).toString('base64')}\n`;
}

export class NoteVerificationError extends Error {}

/** The note text, verified by `key`; throws NoteVerificationError naming what failed. */
export function openNote(note: string, key: NoteVerifierKey): string {
  // Notes carry no ASCII control characters besides newline.
  if ([...note].some((c) => c !== '\n' && c.charCodeAt(0) < 0x20))
    throw new NoteVerificationError('note has control characters');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteVerificationError('note has no signature block');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  let verified = false;
  for (const line of lines) {
    if (!line.startsWith(EM_DASH_PREFIX)) throw new NoteVerificationError('malformed signature line');
    const [name, b64, ...rest] = line.slice(EM_DASH_PREFIX.length).split(' ');
    if (!name || !b64 || rest.length > 0) throw new NoteVerificationError('malformed signature line');
    const raw = Buffer.from(b64, 'base64');
    if (raw.length < 5) throw new NoteVerificationError('signature too short');
    // Signatures by unknown keys (witnesses, other logs) are ignored, as the spec requires.
    if (name !== key.name || raw.readUInt32BE(0) !== key.keyId) continue;
    if (!verifyEd25519(key.publicKey, Buffer.from(text, 'utf8'), raw.subarray(4))) {
      throw new NoteVerificationError(`the signature by ${name} does not verify`);
    }
    verified = true;
  }
  if (!verified) throw new NoteVerificationError(`no signature by the log key ${key.name}`);
  return text;
}

export interface Checkpoint {
  origin: string;
  size: number;
  /** Base64 root hash. */
  root: string;
}

/** The checkpoint body of c2sp.org/tlog-checkpoint: origin, tree size, base64 root, no extensions. */
export function checkpointText(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root}\n`;
}

export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  const [origin, size, root] = lines;
  if (!origin || !size || !root || lines.length < 4 || lines.at(-1) !== '') {
    throw new NoteVerificationError('a checkpoint is origin, size and root hash lines');
  }
  if (!/^(0|[1-9]\d*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new NoteVerificationError(`bad tree size line: ${size}`);
  }
  if (Buffer.from(root, 'base64').length !== 32 || Buffer.from(root, 'base64').toString('base64') !== root) {
    throw new NoteVerificationError('bad root hash line');
  }
  return { origin, size: Number(size), root };
}

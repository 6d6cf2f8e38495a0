/**
 * KMS returns ECDSA signatures DER-encoded (SEQUENCE of INTEGER r, INTEGER s); JOSE wants the two
 * integers as fixed-width big-endian bytes, r || s (RFC 7518 §3.4). DER integers are minimal and
 * signed: a leading 0x00 is added when the top bit is set (33 bytes) and leading zeros dropped
 * (fewer than 32 bytes), so each is re-padded to `size` bytes.
 */
export function derToJoseSignature(der: Uint8Array, size = 32): Uint8Array {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`not a DER ECDSA signature: ${why}`);
  };
  const length = (): number => {
    const first = der[at++] ?? fail('truncated');
    if (first < 0x80) return first;
    const bytes = first & 0x7f;
    if (bytes === 0 || bytes > 2) fail('bad length');
    let n = 0;
    for (let i = 0; i < bytes; i++) n = (n << 8) | (der[at++] ?? fail('truncated'));
    return n;
  };
  if (der[at++] !== 0x30) fail('no SEQUENCE');
  const seqLength = length();
  if (at + seqLength !== der.length) fail('length mismatch');
  const out = new Uint8Array(size * 2);
  for (const slot of [0, 1]) {
    if (der[at++] !== 0x02) fail('no INTEGER');
    const len = length();
    let value = der.subarray(at, at + len);
    if (value.length !== len || len === 0) fail('truncated integer');
    at += len;
    while (value.length > 1 && value[0] === 0) value = value.subarray(1);
    if (value.length > size) fail('integer too large');
    out.set(value, slot * size + size - value.length);
  }
  if (at !== der.length) fail('trailing bytes');
  return out;
}

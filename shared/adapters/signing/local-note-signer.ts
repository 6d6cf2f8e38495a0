import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { join } from 'node:path';
import { ed25519FromSpki, type NoteSigner } from '../../domain/transparency/note.js';
import { readKeyFile } from './key-files.js';

const LOG_KEY_FILE = 'log-signing-key.json';

/**
 * Local runtime: the log's Ed25519 checkpoint key in `<dir>/log-signing-key.json` (PKCS#8 PEM,
 * 0600, gitignored), created on first use.
 */
export function localNoteSigner(dir: string, name: string): NoteSigner {
  const { pem } = readKeyFile<{ pem: string }>(join(dir, LOG_KEY_FILE), () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    return `${JSON.stringify({ pem: privateKey.export({ format: 'pem', type: 'pkcs8' }) })}\n`;
  });
  const privateKey = createPrivateKey(pem);
  const publicKey = ed25519FromSpki(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
  return { name, publicKey: async () => publicKey, sign: async (message) => sign(null, message, privateKey) };
}

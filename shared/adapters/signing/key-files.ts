import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `.local/keys/` under the repository root (gitignored), where the local runtime keeps its keys. */
export function defaultSigningKeyDir(): string {
  return resolve(
    process.env.LOCAL_SIGNING_KEY_DIR ||
      join(fileURLToPath(new URL('../../../', import.meta.url)), '.local', 'keys'),
  );
}

function ensureDir(dir: string) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Creates `file` with `body` unless it exists; concurrent first runs agree on one (write aside, link). */
export function createOnce(file: string, body: string): void {
  ensureDir(join(file, '..'));
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, body, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/** Replaces `file` atomically (write aside, rename), mode 0600. */
export function replaceFile(file: string, body: string): void {
  ensureDir(join(file, '..'));
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, body, { mode: 0o600, flag: 'wx' });
  renameSync(tmp, file);
}

export function readKeyFile<T>(file: string, create: () => string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(
        `the local key file ${file} is unreadable (${(e as Error).message}); delete it to get a new one`,
      );
    }
    createOnce(file, create());
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  }
}

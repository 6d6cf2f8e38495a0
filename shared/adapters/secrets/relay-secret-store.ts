import { access, chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { env } from '../../config/env.js';
import type { RelaySecretStore } from '../../domain/notices/ports.js';

/** One secret per relay: `<stage>/relay-webhook/<relayId>`. */
export const relaySecretName = (stage: string, relayId: string) => `${stage}/relay-webhook/${relayId}`;

/** The delivery function re-reads a secret after this long, so a rotation takes effect within it. */
const CACHE_MS = 60_000;

/** A short-lived read cache in front of a store; a put through it refreshes the entry at once. */
abstract class CachedStore implements RelaySecretStore {
  private cache = new Map<string, { value: string | undefined; at: number }>();

  protected abstract read(relayId: string): Promise<string | undefined>;
  protected abstract write(relayId: string, secret: string): Promise<void>;
  /** Whether a secret is stored, without reading its value (the settings function may not read it). */
  protected abstract exists(relayId: string): Promise<boolean>;

  async put(relayId: string, secret: string): Promise<void> {
    await this.write(relayId, secret);
    this.cache.set(relayId, { value: secret, at: Date.now() });
  }

  async get(relayId: string): Promise<string | undefined> {
    const hit = this.cache.get(relayId);
    if (hit && hit.value !== undefined && Date.now() - hit.at < CACHE_MS) return hit.value;
    const value = await this.read(relayId);
    this.cache.set(relayId, { value, at: Date.now() });
    return value;
  }

  async has(relayId: string): Promise<boolean> {
    const hit = this.cache.get(relayId);
    if (hit && hit.value !== undefined && Date.now() - hit.at < CACHE_MS) return true;
    return this.exists(relayId);
  }
}

/** AWS: Secrets Manager, encrypted with the account's `aws/secretsmanager` key. */
export class SecretsManagerRelaySecretStore extends CachedStore {
  constructor(
    private readonly stage: string,
    private readonly client = new SecretsManagerClient({ region: env().AWS_REGION }),
  ) {
    super();
  }

  protected async read(relayId: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(
        new GetSecretValueCommand({ SecretId: relaySecretName(this.stage, relayId) }),
      );
      return out.SecretString;
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  protected async exists(relayId: string): Promise<boolean> {
    try {
      const out = await this.client.send(
        new DescribeSecretCommand({ SecretId: relaySecretName(this.stage, relayId) }),
      );
      return !out.DeletedDate;
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return false;
      throw error;
    }
  }

  protected async write(relayId: string, secret: string): Promise<void> {
    const name = relaySecretName(this.stage, relayId);
    try {
      await this.client.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: secret,
          Description: `Standard Webhooks signing secret of relay operator ${relayId}`,
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceExistsException') throw error;
      await this.client.send(new PutSecretValueCommand({ SecretId: name, SecretString: secret }));
    }
  }
}

/** `.local/secrets/` under the repository root (gitignored with the rest of `.local/`). */
export function defaultLocalSecretsDir(): string {
  return resolve(fileURLToPath(new URL('../../../', import.meta.url)), '.local', 'secrets');
}

/**
 * Local runtime: one file per relay, `<dir>/<stage>/relay-webhook/<relayId>`, mode 0600 in a 0700
 * directory, replaced atomically (write aside, rename).
 */
export class LocalFileRelaySecretStore extends CachedStore {
  constructor(
    private readonly dir: string,
    private readonly stage: string,
  ) {
    super();
  }

  private file(relayId: string): string {
    return join(this.dir, relaySecretName(this.stage, relayId));
  }

  protected async read(relayId: string): Promise<string | undefined> {
    try {
      return (await readFile(this.file(relayId), 'utf8')).trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  protected async exists(relayId: string): Promise<boolean> {
    try {
      await access(this.file(relayId));
      return true;
    } catch {
      return false;
    }
  }

  protected async write(relayId: string, secret: string): Promise<void> {
    const file = this.file(relayId);
    const folder = join(file, '..');
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await chmod(folder, 0o700);
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, secret, { mode: 0o600, flag: 'wx' });
    await rename(tmp, file);
  }
}

let store: RelaySecretStore | undefined;

/** The store the environment selects: `SECRETS_BACKEND`, else local files on STAGE=local, else Secrets Manager. */
export function relaySecretStore(): RelaySecretStore {
  if (!store) {
    const e = env();
    const backend = e.SECRETS_BACKEND ?? (e.STAGE === 'local' ? 'local' : 'aws');
    store =
      backend === 'local'
        ? new LocalFileRelaySecretStore(e.LOCAL_SECRETS_DIR ?? defaultLocalSecretsDir(), e.STAGE)
        : new SecretsManagerRelaySecretStore(e.STAGE);
  }
  return store;
}

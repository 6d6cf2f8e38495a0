import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as DepsModule from '../../shared/adapters/deps.js';
import type * as SecretsModule from '../../shared/adapters/secrets/relay-secret-store.js';
import type { Principal } from '../../shared/domain/core/principal.js';
import { seedRelayOperators } from '../../shared/domain/notices/relay-operators.js';
import type * as SettingsModule from '../../shared/domain/notices/relay-settings.js';
import { repoRoot } from './paths.js';
import { type ReceiverLogLine, type RelayReceiver, relayReceiver } from './relay-receivers.js';

/**
 * The relays' side of `npm start`: one Standard Webhooks receiver per seeded relay operator, each
 * verifying, acknowledging (2xx) and logging every notice, and the relays' webhook URLs and signing
 * secrets pointed at them through the same use case the admin route runs
 * (`PUT /v1/relay-operators/{relayId}`), so the settings are audited like any admin change.
 */

/** Who configured the relays, in their audit entries. */
const LOCAL_RUNTIME: Principal = { subject: 'local-runtime', roles: ['admin'] };

export interface LocalRelays {
  receivers: RelayReceiver[];
  stop(): Promise<void>;
}

/** One JSON line per notice on stdout (`npm start`'s own log). */
export function logReceiverLine(line: ReceiverLogLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * Imported when called, by file URL like the handlers (infra/local/gateway.ts): the same module
 * instances they use, loaded after the runtime bound the environment their loggers read at import.
 */
async function load<T>(...path: string[]): Promise<T> {
  return (await import(pathToFileURL(join(repoRoot, ...path)).href)) as T;
}

/**
 * Starts the receivers and configures the relays. Runs in the runtime's process after its
 * environment is bound (tables, STAGE=local, the local secret store) and the relays are seeded.
 */
export async function startLocalRelays(
  log: (line: ReceiverLogLine) => void = logReceiverLine,
): Promise<LocalRelays> {
  const { coreDeps } = await load<typeof DepsModule>('shared', 'adapters', 'deps.ts');
  const { relaySecretStore } = await load<typeof SecretsModule>(
    'shared',
    'adapters',
    'secrets',
    'relay-secret-store.ts',
  );
  const { putRelaySettings } = await load<typeof SettingsModule>(
    'shared',
    'domain',
    'notices',
    'relay-settings.ts',
  );
  const deps = coreDeps();
  const receivers: RelayReceiver[] = [];
  const stop = async () => {
    await Promise.all(receivers.map((r) => r.stop()));
  };
  try {
    await Promise.all(
      seedRelayOperators.map(async (seeded) => {
        const receiver = await relayReceiver(seeded.relayId, { log });
        receivers.push(receiver);
        // A name an admin changed (kept with --persist) stays; only the webhook moves here.
        const name = (await deps.relays.get(seeded.relayId))?.name ?? seeded.name;
        await putRelaySettings(
          deps,
          relaySecretStore(),
          LOCAL_RUNTIME,
          seeded.relayId,
          { name, webhookUrl: receiver.url, signingSecret: receiver.secret },
          { allowLocalHttp: true },
        );
      }),
    );
  } catch (e) {
    await stop();
    throw e;
  }
  // In the seed's order, whatever order they started in.
  const order = seedRelayOperators.map((r) => r.relayId);
  receivers.sort((a, b) => order.indexOf(a.relayId) - order.indexOf(b.relayId));
  return { receivers, stop };
}

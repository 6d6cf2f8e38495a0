import { relaySecretStore } from '../../shared/adapters/secrets/relay-secret-store.js';
import { env } from '../../shared/config/env.js';
import type { RelaySecretStore } from '../../shared/domain/notices/ports.js';
import { putRelaySettings } from '../../shared/domain/notices/relay-settings.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/relays-and-notices.js';

/** The handler over a given secret store (tests pass their own). */
export function putRelayOperatorHandler(secrets: () => RelaySecretStore = relaySecretStore) {
  return httpHandler(routes.putRelayOperator, async ({ principal, params, body }, deps) => {
    const { relay, created } = await putRelaySettings(deps, secrets(), principal, params.relayId, body, {
      allowLocalHttp: env().STAGE === 'local',
    });
    return {
      status: created ? 201 : 200,
      body: {
        relayId: relay.relayId,
        name: relay.name,
        webhookUrl: relay.webhookUrl ?? null,
        // The secret itself is write-only.
        signingSecretConfigured: await secrets().has(relay.relayId),
      },
    };
  });
}

export const handler = putRelayOperatorHandler();

import { ValidationError } from '../core/errors.js';
import { actorOf, type Principal } from '../core/principal.js';
import type { Deps, RelayOperator } from '../ports.js';
import type { RelaySecretStore } from './ports.js';

/**
 * Relay settings (`PUT /v1/relay-operators/{relayId}`): name, webhook URL and signing secret. The
 * secret is write-only: it goes to the secret store (Secrets Manager in AWS) and is never returned,
 * stored in the table or logged.
 */

/** https anywhere; plain http only to 127.0.0.1 and only on the local runtime. */
export function webhookUrlAllowed(url: string, allowLocalHttp: boolean): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (u.protocol === 'https:') return true;
  return allowLocalHttp && u.protocol === 'http:' && u.hostname === '127.0.0.1';
}

export interface RelaySettingsBody {
  name: string;
  /** null removes the webhook (the relay then follows the change feed only). */
  webhookUrl: string | null;
  signingSecret?: string;
}

export interface RelaySettingsResult {
  relay: RelayOperator;
  created: boolean;
  secretUpdated: boolean;
}

/**
 * Creates or replaces a relay operator's settings. A webhook needs a signing secret: one sent now,
 * or one stored earlier (so renaming a relay or moving its URL need not resend the secret).
 */
export async function putRelaySettings(
  deps: Pick<Deps, 'clock' | 'relays'>,
  secrets: RelaySecretStore,
  principal: Principal,
  relayId: string,
  body: RelaySettingsBody,
  options: { allowLocalHttp: boolean },
): Promise<RelaySettingsResult> {
  if (body.webhookUrl !== null && !webhookUrlAllowed(body.webhookUrl, options.allowLocalHttp)) {
    throw new ValidationError('the webhook URL is not allowed', [
      {
        path: 'body.webhookUrl',
        message: options.allowLocalHttp
          ? 'must be an https URL, or http://127.0.0.1:<port> on the local runtime'
          : 'must be an https URL without credentials',
      },
    ]);
  }
  if (body.webhookUrl !== null && body.signingSecret === undefined && !(await secrets.has(relayId))) {
    throw new ValidationError('a webhook needs a signing secret', [
      { path: 'body.signingSecret', message: 'required: no signing secret is stored for this relay yet' },
    ]);
  }
  const existing = await deps.relays.get(relayId);
  // The secret first: a webhook URL is never live without the secret that signs for it.
  if (body.signingSecret !== undefined) await secrets.put(relayId, body.signingSecret);
  const relay: RelayOperator = {
    relayId,
    name: body.name,
    ...(body.webhookUrl !== null ? { webhookUrl: body.webhookUrl } : {}),
  };
  // The settings and their audit entry in one write.
  await deps.relays.update(relay, {
    entity: `relay#${relayId}`,
    at: deps.clock.now().toISOString(),
    actor: actorOf(principal),
    action: existing ? 'RELAY_SETTINGS_CHANGED' : 'RELAY_CREATED',
    // Never the secret itself: only whether it changed.
    detail: {
      name: relay.name,
      webhookUrl: relay.webhookUrl ?? null,
      secretChanged: body.signingSecret !== undefined,
    },
  });
  return { relay, created: !existing, secretUpdated: body.signingSecret !== undefined };
}

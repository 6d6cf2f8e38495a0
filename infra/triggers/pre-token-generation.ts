import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

/**
 * Cognito pre token generation trigger (event V2_0, Plus feature plan).
 *
 * The API authorises with access tokens (OAuth scopes are the only way one method can admit both
 * people and client-credentials systems: see infra/constructs/http-api.ts). Cognito puts
 * `cognito:groups` into access tokens but not custom attributes, so this copies the two the
 * handlers rely on (`custom:brn` for ownership checks, `custom:relay_id` for a relay's notices)
 * from the user's attributes. Both attributes are immutable and not writable by any app client, so
 * the user cannot influence them. ID tokens are left as Cognito issues them.
 */
export const COPIED_ATTRIBUTES = ['custom:brn', 'custom:relay_id'] as const;

export async function handler(
  event: PreTokenGenerationV2TriggerEvent,
): Promise<PreTokenGenerationV2TriggerEvent> {
  const attributes = event.request.userAttributes ?? {};
  const claimsToAddOrOverride: Record<string, string> = {};
  for (const name of COPIED_ATTRIBUTES) {
    const value = attributes[name];
    if (value) claimsToAddOrOverride[name] = value;
  }
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: { claimsToAddOrOverride },
    },
  };
  return event;
}

import type { AppFunction } from './app-function.js';
import type { MessageQueues } from './message-queues.js';
import type { RelayWebhooks } from './relay-webhooks.js';
import type { ResellerNotifications } from './reseller-notifications.js';
import type { VerifiableRegistry } from './verifiable-registry.js';

/**
 * The shared resources a function may use besides its table and workflows. Each grants by function
 * name what that function does with it (and nothing to the others), next to the resource.
 */
export interface FunctionCapabilities {
  queues: MessageQueues;
  notifications: ResellerNotifications;
  relayWebhooks: RelayWebhooks;
  verifiableRegistry: VerifiableRegistry;
}

export function grantCapabilities(capabilities: FunctionCapabilities, fnName: string, fn: AppFunction): void {
  capabilities.queues.grantProducer(fn, fnName);
  capabilities.notifications.grantPublisher(fn, fnName);
  capabilities.relayWebhooks.grant(fn, fnName);
  capabilities.verifiableRegistry.grant(fn, fnName);
}

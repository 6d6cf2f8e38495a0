import type { AppFunction } from './app-function.js';
import type { MessageQueues } from './message-queues.js';
import type { RelayWebhooks } from './relay-webhooks.js';
import type { ResellerNotifications } from './reseller-notifications.js';

/**
 * The shared resources a function may use besides its table and workflows. Each grants by function
 * name what that function does with it (and nothing to the others), next to the resource.
 */
export interface FunctionCapabilities {
  queues: MessageQueues;
  notifications: ResellerNotifications;
  relayWebhooks: RelayWebhooks;
}

export function grantCapabilities(capabilities: FunctionCapabilities, fnName: string, fn: AppFunction): void {
  capabilities.queues.grantProducer(fn, fnName);
  capabilities.notifications.grantPublisher(fn, fnName);
  capabilities.relayWebhooks.grant(fn, fnName);
}

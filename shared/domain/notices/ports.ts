/**
 * Delivery-side ports of notices to relays. Unlike `SanctionDeps` they are not part of `Deps`:
 * only the outbox consumer, the delivery function and the relay-settings function build them,
 * so no other Lambda bundle carries an SQS or Secrets Manager client.
 */

/** The fan-out queue between the outbox stream and the delivery function. */
export interface NoticeQueue {
  /** Queues one message per notice id; throws with the ids that could not be queued. */
  enqueue(noticeIds: readonly string[]): Promise<void>;
}

export class NoticeEnqueueError extends Error {
  constructor(
    message: string,
    readonly failedNoticeIds: readonly string[],
  ) {
    super(message);
    this.name = 'NoticeEnqueueError';
  }
}

export interface WebhookRequest {
  url: string;
  /** `whsec_<base64>`; never logged. */
  secret: string;
  /** `webhook-id`: the notice id, the same on every retry. */
  id: string;
  /** The exact JSON text that is signed and sent. */
  body: string;
}

export type WebhookResult =
  | { ok: true; status: number; ms: number }
  | { ok: false; status?: number; error: string; ms: number };

/** Sends one signed webhook (Standard Webhooks); never throws for a relay-side failure. */
export interface WebhookSender {
  send(req: WebhookRequest): Promise<WebhookResult>;
}

/** Relay signing secrets: write-only through the API, read only by the delivery function. */
export interface RelaySecretStore {
  put(relayId: string, secret: string): Promise<void>;
  get(relayId: string): Promise<string | undefined>;
  has(relayId: string): Promise<boolean>;
}

/** What the delivery function needs beyond `Deps`. */
export interface DeliveryPorts {
  webhooks: WebhookSender;
  secrets: RelaySecretStore;
}

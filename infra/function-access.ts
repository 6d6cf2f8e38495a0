/**
 * AWS access a function needs beyond what shared/http/routes.ts and shared/topology.ts declare
 * (table access, queues, workflows), by function name. Read off each handler's wiring (the adapters
 * it composes); test/infra/function-access.test.ts checks the lists against the handlers' imports.
 */
export const functionAccess = {
  /** Sign and POST notices to relays: read the relay signing secrets; WEBHOOK_TIMEOUT_MS. */
  relayWebhookSenders: ['deliver-notice'],
  /** Store a relay's signing secret (PUT of the relay settings): create, put and read back. */
  relaySecretWriters: ['put-relay-operator'],
  /** Publish reseller notifications (grace, inspection and renewal reminders; deadlines) to SNS. */
  notificationPublishers: [
    'run-grace-step',
    'fire-instant-trigger',
    'run-inspection-step',
    'run-renewal-step',
  ],
  /** Sign eligibility attestations with the KMS attestation key. */
  attestationSigners: ['get-attestation'],
  /** Publish the attestation keys (JWKS): read the KMS public keys. */
  attestationKeyReaders: ['get-jwks'],
  /** Append to the transparency log: sign checkpoints with the KMS log key, upload tiles to the log bucket. */
  logWriters: ['dispatch-registry-stream'],
} as const satisfies Record<string, readonly string[]>;

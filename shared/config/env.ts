import * as z from 'zod';

/**
 * The Lambda environment, parsed once at cold start. A missing or malformed variable fails the
 * cold start loudly rather than surfacing later as an odd 500.
 */
const envSchema = z.object({
  TABLE_NAME: z.string().min(1),
  IDEMPOTENCY_TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1).default('ap-northeast-2'),
  /** Set only by the local runtime (DynamoDB Local). */
  DYNAMODB_ENDPOINT: z.url().optional(),
  STAGE: z.string().min(1).default('local'),
  /** Set only by the local runtime (the local Step Functions engine). */
  SFN_ENDPOINT: z.url().optional(),
  /** Only the functions that start, signal or stop reviews get it. */
  REVIEW_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  GRACE_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  INSPECTION_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  RENEWAL_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  /** SNS topic for reseller e-mail/SMS notifications (AWS only; locally they are recorded only). */
  NOTIFY_TOPIC_ARN: z.string().startsWith('arn:').optional(),
  /** Set only by the local runtime (the fauxqs SQS emulator). */
  SQS_ENDPOINT: z.url().optional(),
  /** The spam-report queue (shared/topology.ts `queues`): its producers get QUEUE_URL_<NAME>. */
  QUEUE_URL_SPAM_REPORTS: z.url().optional(),
  /** The notice fan-out queue: relay-outbox sends to it; deliver-notice changes its messages' visibility. */
  QUEUE_URL_NOTICE_FANOUT: z.url().optional(),
  /** Where relay signing secrets live: Secrets Manager (`<STAGE>/relay-webhook/<relayId>`) or local files. */
  SECRETS_BACKEND: z.enum(['aws', 'local']).optional(),
  /** The local secret store's directory (default `.local/secrets` under the repository root). */
  LOCAL_SECRETS_DIR: z.string().min(1).optional(),
  /** Per-attempt webhook timeout. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5_000),
  /** JSON map of Cognito machine client ids to {role, relayId?} (client-credentials tokens). */
  MACHINE_CLIENTS: z.string().default('{}'),
  /** Set only by the local runtime (its EventBridge Scheduler facade). */
  SCHEDULER_ENDPOINT: z.url().optional(),
  /** The schedule group holding one instant trigger per reseller, and what a trigger invokes. */
  INSTANT_TRIGGER_GROUP: z.string().min(1).optional(),
  INSTANT_TRIGGER_TARGET_ARN: z.string().startsWith('arn:').optional(),
  /** The role EventBridge Scheduler assumes to invoke the target; the DLQ for triggers it could not deliver. */
  INSTANT_TRIGGER_ROLE_ARN: z.string().startsWith('arn:').optional(),
  INSTANT_TRIGGER_DLQ_ARN: z.string().startsWith('arn:').optional(),
  POWERTOOLS_SERVICE_NAME: z.string().default('bulk-text-registry'),
  /** Who signs attestations and checkpoints: KMS keys (AWS) or key files in the local key folder. */
  SIGNING_BACKEND: z.enum(['kms', 'local']).default('local'),
  /** The local key folder (default `.local/keys` under the repository root). */
  LOCAL_SIGNING_KEY_DIR: z.string().min(1).optional(),
  /** The `iss` of eligibility attestations. */
  ATTESTATION_ISSUER: z.string().min(1).default('https://registry.local.invalid'),
  /** KMS: JSON list of {keyArn, activatedAt, retiredAt?}, the attestation key ring. */
  ATTESTATION_KEYS: z.string().default('[]'),
  /** The transparency log's checkpoint origin and note key name. */
  LOG_ORIGIN: z.string().min(1).default('registry.local.invalid/log'),
  /** KMS: the log's Ed25519 checkpoint key. */
  LOG_SIGNING_KEY_ARN: z.string().startsWith('arn:').optional(),
  /** AWS: the bucket CloudFront serves the checkpoint and tiles from (the log writer uploads). */
  LOG_BUCKET: z.string().min(1).optional(),
});
export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`invalid Lambda environment: ${fields}`);
    }
    cached = parsed.data;
  }
  return cached;
}

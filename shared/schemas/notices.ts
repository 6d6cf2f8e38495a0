import * as z from 'zod';
import { eligibilityStatusSchema, throttleSchema } from './common.js';

/** The notice types relays receive; which transition sends which is in shared/domain/resellers/announce-change.ts. */
export const noticeTypes = [
  'reseller.grace',
  'reseller.certified',
  'reseller.throttled',
  'reseller.suspended',
  'reseller.revoked',
  'reseller.reinstated',
  'reseller.blocked',
  'reseller.expired',
] as const;

/**
 * The body of a notice POSTed to a relay's webhook, signed per Standard Webhooks (`webhook-id` is
 * the notice id, the same on every retry; `webhook-signature: v1,<base64 HMAC-SHA256>`).
 */
export const noticeWebhookSchema = z
  .object({
    type: z
      .enum(noticeTypes)
      .describe(
        'import → reseller.grace / reseller.throttled; approval → reseller.certified; sanction or extension → reseller.throttled; ' +
          'reseller.suspended; reseller.revoked; a sanction that ends, is lifted, stayed or cancelled → reseller.reinstated (with the status time then gives); ' +
          'deadline, extension end or closure → reseller.blocked; lapse → reseller.expired',
      ),
    noticeId: z.string(),
    brn: z.string(),
    status: eligibilityStatusSchema,
    throttle: throttleSchema.nullable(),
    effectiveAt: z
      .string()
      .describe(
        'the instant the change took effect (a time-driven change: its instant; a decision: its time)',
      ),
    until: z.string().nullable().describe('when this state ends by time alone, wherever that is known'),
    reason: z.string(),
    version: z.number().int().describe("the reseller's eligibility version after the change"),
    seq: z.number().int().describe('the change-feed position'),
    sanctionId: z.string().optional(),
  })
  .meta({ id: 'ResellerNotice' });

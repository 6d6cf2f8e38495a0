import * as z from 'zod';
import { relaySettingsParams } from './relays.js';
import { noticeDeliverySchema } from './sanctions.js';

/** Schemas of a relay's notice deliveries (what reached its webhook, what failed) and their re-drive. */

export const deliveryStates = ['PENDING', 'DELIVERED', 'FAILED'] as const;

export const relayDeliveriesParams = relaySettingsParams;

export const relayDeliveriesQuery = z
  .object({
    status: z.enum(deliveryStates).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2048).optional(),
  })
  .strict();

export const relayDeliveryPageSchema = z
  .object({
    relayId: z.string(),
    items: z.array(noticeDeliverySchema),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'RelayDeliveryPage' });

const noticeId = z.string().regex(/^ntc_[A-Za-z0-9_-]{1,100}$/, 'must be a notice id');

export const redriveBodySchema = z
  .object({
    noticeIds: z
      .array(noticeId)
      .min(1)
      .max(100)
      .optional()
      .describe('the FAILED notices to send again; without it, up to 100 of the relay’s FAILED notices'),
  })
  .strict()
  .meta({ id: 'RedriveBody' });

export const redriveResultSchema = z
  .object({
    relayId: z.string(),
    redriven: z.array(z.string()).describe('back to PENDING with a fresh retry schedule, queued again'),
    skipped: z
      .array(z.object({ noticeId: z.string(), reason: z.enum(['NOT_FOUND', 'NOT_FAILED']) }))
      .describe('named notices that are not this relay’s, or not FAILED'),
    more: z.boolean().describe('more FAILED notices remain (call again)'),
  })
  .meta({ id: 'RedriveResult' });

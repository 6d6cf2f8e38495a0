import * as z from 'zod';
import { idParam, text } from './common.js';

/** Schemas of relay operators: their settings (the signing secret write-only) and notice acknowledgements. */

export const relayOperatorSchema = z
  .object({ relayId: z.string(), name: z.string(), webhookUrl: z.string().optional() })
  .meta({ id: 'RelayOperator' });
export const relayOperatorsSchema = z.object({ items: z.array(relayOperatorSchema) });

export const noticeIdParams = z.object({ noticeId: idParam('notice') });
export const relaySettingsParams = z.object({
  relayId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be a relay operator id'),
});

export const noticeAckSchema = z
  .object({
    noticeId: z.string(),
    relayId: z.string(),
    ackedAt: z.string(),
    delivery: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
  })
  .meta({ id: 'NoticeAck' });

/** `whsec_` and the base64 of 24 to 64 random bytes (Standard Webhooks). */
const SECRET_MESSAGE = 'must be whsec_ followed by the base64 of 24-64 random bytes';
export const signingSecretSchema = z
  .string()
  .refine((s) => {
    if (!/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/.test(s)) return false;
    const bytes = Buffer.from(s.slice('whsec_'.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, SECRET_MESSAGE)
  .meta({ description: 'write-only: never returned' });

export const relaySettingsBodySchema = z
  .object({
    name: text(100),
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .nullable(),
    signingSecret: signingSecretSchema.optional(),
  })
  .strict()
  .meta({
    id: 'RelaySettings',
    description:
      '`webhookUrl` https (locally also http://127.0.0.1:<port>), null for none; `signingSecret` may be left out when one is stored already',
  });

export const relaySettingsResultSchema = z
  .object({
    relayId: z.string(),
    name: z.string(),
    webhookUrl: z.string().nullable(),
    signingSecretConfigured: z.boolean(),
  })
  .meta({ id: 'RelaySettingsResult' });

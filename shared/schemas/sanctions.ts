import * as z from 'zod';
import { sanctionTypes } from '../domain/policy/policy.js';
import { brnSchema, eligibilityStatusSchema, instant, paginationQuery, throttleSchema } from './common.js';

/** Schemas of sanctions, case decisions, notices to relays and relay settings. */

const idParam = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, `must be a ${what} id`);
const text = (max: number) => z.string().trim().min(1).max(max);
const percent = z.number().int().min(1).max(99);

export const caseIdParams = z.object({ caseId: idParam('case') });
export const sanctionIdParams = z.object({ sanctionId: idParam('sanction') });
export const noticeIdParams = z.object({ noticeId: idParam('notice') });
export const resellerSanctionsParams = z.object({ brn: brnSchema });
export const relaySettingsParams = z.object({
  relayId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be a relay operator id'),
});

export const sanctionTypeSchema = z.enum(sanctionTypes);

export const sanctionRequestSchema = z
  .object({
    type: sanctionTypeSchema,
    /** THROTTLE/SUSPENSION only; default: the ladder's days for the type. */
    until: instant.optional(),
    /** THROTTLE only; default: the ladder's throttle step. */
    speedPercent: percent.optional(),
    volumePercent: percent.optional(),
  })
  .strict()
  .meta({ id: 'SanctionRequest' });

export const caseDecisionBodySchema = z
  .object({
    decision: z.enum(['CONFIRM', 'DISMISS']),
    sanction: sanctionRequestSchema.optional(),
    comment: text(2000),
  })
  .strict()
  .meta({
    id: 'CaseDecisionBody',
    description:
      'Without `sanction`, a confirmation takes the policy ladder’s next step. A revocation (asked for, or the ladder’s step) is the committee’s: a reviewer gets 403 and the case stays OPEN.',
  });

export const imposeSanctionBodySchema = sanctionRequestSchema
  .extend({ reason: text(500), comment: text(2000).optional() })
  .strict()
  .meta({ id: 'ImposeSanctionBody' });

export const liftSanctionBodySchema = z
  .object({ reason: text(500) })
  .strict()
  .meta({ id: 'LiftSanctionBody' });

export const listSanctionsQuery = paginationQuery;

export const sanctionSchema = z
  .object({
    sanctionId: z.string(),
    brn: z.string(),
    type: sanctionTypeSchema,
    state: z.enum(['IN_FORCE', 'ISSUED', 'ENDED', 'LIFTED', 'SUPERSEDED', 'STAYED', 'CANCELLED']),
    from: z.string(),
    until: z.string().nullable(),
    reason: z.string(),
    caseId: z.string().nullable(),
    throttle: throttleSchema.nullable(),
    imposedAt: z.string(),
    decidedBy: z.enum(['committee', 'reviewer']),
    liftedAt: z.string().nullable(),
    liftReason: z.string().nullable(),
    imposedBy: z.string().optional().meta({ description: 'staff only' }),
    liftedBy: z.string().nullable().optional().meta({ description: 'staff only' }),
  })
  .meta({ id: 'Sanction' });

export const sanctionsPageSchema = z
  .object({ items: z.array(sanctionSchema), nextCursor: z.string().optional() })
  .meta({ id: 'Sanctions' });

export const caseDecisionResultSchema = z
  .object({
    caseId: z.string(),
    brn: z.string(),
    status: z.enum(['OPEN', 'CONFIRMED', 'DISMISSED']),
    decision: z.enum(['CONFIRM', 'DISMISS']),
    decidedAt: z.string(),
    comment: z.string(),
    sanction: sanctionSchema.nullable(),
    basis: z.enum(['REQUEST', 'LADDER']).nullable(),
    note: z.string().optional(),
  })
  .meta({ id: 'CaseDecision' });

export const noticeDeliverySchema = z
  .object({
    noticeId: z.string(),
    relayId: z.string(),
    type: z.string(),
    seq: z.number().int(),
    brn: z.string(),
    status: eligibilityStatusSchema,
    effectiveAt: z.string(),
    delivery: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
    attempts: z.number().int(),
    createdAt: z.string(),
    lastAttemptAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    lastError: z.string().nullable(),
    ackedAt: z.string().nullable(),
  })
  .meta({ id: 'NoticeDelivery' });

export const sanctionNoticesSchema = z
  .object({
    sanctionId: z.string(),
    brn: z.string(),
    summary: z.object({
      total: z.number().int(),
      delivered: z.number().int(),
      pending: z.number().int(),
      failed: z.number().int(),
    }),
    items: z.array(noticeDeliverySchema),
  })
  .meta({ id: 'SanctionNotices' });

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

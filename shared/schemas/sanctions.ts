import * as z from 'zod';
import { sanctionTypes } from '../domain/policy/policy.js';
import {
  brnSchema,
  eligibilityStatusSchema,
  idParam,
  instant,
  paginationQuery,
  text,
  throttleSchema,
} from './common.js';

/** Schemas of sanctions, case decisions, notices to relays and relay settings. */

const percent = z.number().int().min(1).max(99);

export const caseIdParams = z.object({ caseId: idParam('case') });
export const sanctionIdParams = z.object({ sanctionId: idParam('sanction') });
export const resellerSanctionsParams = z.object({ brn: brnSchema });
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

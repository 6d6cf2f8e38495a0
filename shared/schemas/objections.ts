import * as z from 'zod';
import { brnSchema, idParam, paginationQuery, text } from './common.js';
import { sanctionRequestSchema } from './sanctions.js';
import { workItemFields, workQueueQueryFields } from './work-queues.js';

/** Schemas of objections to a rejection, sanction or revocation, and their stays. */

export const objectionIdParams = z.object({ objectionId: idParam('objection') });

export const objectionBodySchema = z
  .object({
    subject: z
      .object({ type: z.enum(['SANCTION', 'APPLICATION']), id: idParam('sanction or application') })
      .strict(),
    grounds: text(4000),
  })
  .strict()
  .meta({ id: 'ObjectionBody' });

export const listObjectionsQuery = paginationQuery
  .extend({
    status: z.enum(['FILED', 'UPHELD', 'MODIFIED', 'CANCELLED']).optional(),
    brn: brnSchema.optional(),
    ...workQueueQueryFields,
  })
  .strict();

export const stayBodySchema = z
  .object({ granted: z.boolean(), comment: text(2000) })
  .strict()
  .meta({ id: 'StayBody' });

export const objectionDecisionBodySchema = z
  .object({
    decision: z.enum(['UPHOLD', 'MODIFY', 'CANCEL']),
    sanction: sanctionRequestSchema.optional(),
    comment: text(2000),
  })
  .strict()
  .meta({ id: 'ObjectionDecisionBody', description: '`sanction` (the replacement) for MODIFY only.' });

export const objectionSchema = z
  .object({
    objectionId: z.string(),
    brn: z.string(),
    subject: z.object({ type: z.enum(['SANCTION', 'APPLICATION']), id: z.string() }),
    grounds: z.string(),
    status: z.enum(['FILED', 'UPHELD', 'MODIFIED', 'CANCELLED']),
    filedAt: z.string(),
    contestedAt: z.string(),
    windowEnds: z.string(),
    stay: z.object({ granted: z.boolean(), at: z.string(), by: z.string(), comment: z.string() }).optional(),
    decision: z.enum(['UPHOLD', 'MODIFY', 'CANCEL']).optional(),
    decidedAt: z.string().optional(),
    replacementSanctionId: z.string().optional(),
    ...workItemFields,
    dueAt: z.string(),
    history: z.array(
      z.object({ at: z.string(), actor: z.string(), action: z.string(), comment: z.string().optional() }),
    ),
  })
  .meta({ id: 'Objection' });

export const objectionPageSchema = z
  .object({ items: z.array(objectionSchema), nextCursor: z.string().optional() })
  .meta({ id: 'Objections' });

import * as z from 'zod';
import { brnSchema, paginationQuery } from './common.js';
import { workItemFields, workQueueQueryFields } from './work-queues.js';

/** Schemas of the spam cases intake opens and staff decide. */

export const caseStatuses = ['OPEN', 'CONFIRMED', 'DISMISSED'] as const;

export const listCasesQuery = paginationQuery.extend({
  status: z.enum(caseStatuses).optional(),
  brn: brnSchema.optional(),
  ...workQueueQueryFields,
});

export const spamCaseSchema = z
  .object({
    caseId: z.string(),
    brn: z.string(),
    status: z.enum(caseStatuses),
    openedAt: z.string(),
    evidence: z.object({
      from: z.string(),
      to: z.string(),
      reports: z.number().int(),
      malicious: z.number().int(),
      byCategory: z.record(z.string(), z.number().int()),
      byRelay: z.record(z.string(), z.number().int()),
      threshold: z.string(),
    }),
    decision: z.enum(['CONFIRM', 'DISMISS']).optional(),
    decidedAt: z.string().optional(),
    decidedBy: z.string().optional(),
    comment: z.string().optional(),
    sanctionId: z.string().optional(),
    ...workItemFields,
  })
  .meta({ id: 'SpamCase' });

export const spamCasePageSchema = z
  .object({ items: z.array(spamCaseSchema), nextCursor: z.string().optional() })
  .meta({ id: 'SpamCasePage' });

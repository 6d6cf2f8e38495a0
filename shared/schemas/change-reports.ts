import * as z from 'zod';
import { applicationBodySchema, screeningFlagSchema } from './applications.js';
import { idParam, instant, text } from './common.js';
import { workItemFields } from './work-queues.js';

/** Schemas of change reports: a certified reseller's changes to its application data. */

export const changeReportIdParams = z.object({ changeReportId: idParam('change report') });

export const changeReportBodySchema = z
  .object({
    changedAt: instant,
    changes: applicationBodySchema
      .pick({
        representative: true,
        officeAddress: true,
        paidInCapitalKrw: true,
        antiSpamStaff: true,
        bankAccount: true,
        relayOperatorIds: true,
        serviceTypes: true,
      })
      .partial()
      .strict()
      .refine((c) => Object.keys(c).length > 0, 'name at least one changed field'),
    comment: text(2000).optional(),
  })
  .strict()
  .meta({ id: 'ChangeReportBody' });

export const changeReportReviewBodySchema = z
  .object({ decision: z.enum(['ACCEPT', 'REJECT']), comment: text(2000) })
  .strict()
  .meta({ id: 'ChangeReportReviewBody' });

export const changeReportSchema = z
  .object({
    changeReportId: z.string(),
    brn: z.string(),
    certificateId: z.string(),
    status: z.enum(['RECORDED', 'UNDER_REVIEW', 'ACCEPTED', 'REJECTED']),
    changedAt: z.string(),
    reportedAt: z.string(),
    reportBy: z.string(),
    late: z.boolean(),
    changes: z.record(z.string(), z.unknown()),
    material: z.array(z.string()),
    failedItems: z.array(z.string()),
    reasons: z.array(z.string()),
    flags: z.array(screeningFlagSchema).optional().meta({ description: 'staff only' }),
    comment: z.string().optional(),
    ...workItemFields,
    history: z.array(
      z.object({ at: z.string(), actor: z.string(), action: z.string(), comment: z.string().optional() }),
    ),
  })
  .meta({ id: 'ChangeReport' });

export const changeReportPageSchema = z
  .object({ items: z.array(changeReportSchema), nextCursor: z.string().optional() })
  .meta({ id: 'ChangeReports' });

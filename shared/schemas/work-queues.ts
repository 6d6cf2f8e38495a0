import * as z from 'zod';
import { instant, paginationQuery } from './common.js';

/** Schemas of the staff work queues (assignment, and the filters every queue list takes). */

/** `assignee=` and `dueBefore=`: what every work-queue list accepts (shared/domain/work-queues). */
export const workQueueQueryFields = {
  assignee: z.string().trim().min(1).max(200).optional(),
  dueBefore: instant.optional(),
};

export const changeReportQueueQuery = paginationQuery
  .extend({
    status: z.enum(['RECORDED', 'UNDER_REVIEW', 'ACCEPTED', 'REJECTED']).optional(),
    ...workQueueQueryFields,
  })
  .strict();

/** What a work item carries for staff (absent for a reseller). */
export const workItemFields = {
  assignee: z.string().optional().meta({ description: 'staff only' }),
  dueAt: z.string().optional().meta({ description: 'when staff should have acted (the policy deadline)' }),
  escalatedAt: z
    .string()
    .optional()
    .meta({ description: 'staff only: the due time passed and the item went back to the committee' }),
};

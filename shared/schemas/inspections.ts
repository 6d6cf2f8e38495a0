import * as z from 'zod';
import { inspectionKinds, inspectionStatuses } from '../domain/inspections/inspection.js';
import { idParam, instant, paginationQuery, text } from './common.js';

/** Schemas of the annual inspections and their work queue. */

const checklistItem = z.string().regex(/^\d\.\d$/, 'must be a checklist item id such as 2.1');

export const inspectionIdParams = z.object({ inspectionId: idParam('inspection') });

export const listInspectionsQuery = paginationQuery
  .extend({
    status: z.enum(inspectionStatuses).optional(),
    assignee: text(200).optional(),
    dueBefore: instant.optional(),
  })
  .strict();

export const inspectionResultBodySchema = z
  .object({
    result: z.enum(['PASS', 'FAIL', 'REFUSED']),
    inspectedAt: instant,
    failedItems: z.array(checklistItem).max(50).optional(),
    comment: text(2000).optional(),
  })
  .strict()
  .meta({ id: 'InspectionResultBody', description: 'Only while the inspection is OPEN (409 otherwise).' });

export const inspectionDecisionBodySchema = z
  .object({
    decision: z.enum(['CLEAR', 'SUSPEND', 'REVOKE']),
    until: instant.optional(),
    comment: text(2000),
  })
  .strict()
  .meta({ id: 'InspectionDecisionBody', description: 'After a second failure (status COMMITTEE).' });

export const assigneeBodySchema = z
  .object({ assignee: text(200) })
  .strict()
  .meta({ id: 'AssigneeBody' });

export const inspectionSchema = z
  .object({
    inspectionId: z.string(),
    brn: z.string(),
    certificateId: z.string(),
    kind: z.enum(inspectionKinds),
    status: z.enum(inspectionStatuses),
    opensAt: z.string(),
    dueAt: z.string(),
    priorFailures: z.number().int(),
    assignee: z.string().optional().meta({ description: 'staff only' }),
    result: z.enum(['PASS', 'FAIL', 'REFUSED']).optional(),
    inspectedAt: z.string().optional(),
    failedItems: z.array(z.string()),
    correctiveUntil: z.string().optional(),
    decision: z.enum(['CLEAR', 'SUSPEND', 'REVOKE']).optional(),
    sanctionId: z.string().optional(),
    escalatedAt: z.string().optional(),
    history: z
      .array(
        z.object({
          at: z.string(),
          actor: z.string(),
          action: z.string(),
          comment: z.string().optional(),
          failedItems: z.array(z.string()).optional(),
        }),
      )
      .optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Inspection' });

export const inspectionPageSchema = z
  .object({ items: z.array(inspectionSchema), nextCursor: z.string().optional() })
  .meta({ id: 'Inspections' });

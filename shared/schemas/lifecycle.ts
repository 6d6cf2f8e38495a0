import * as z from 'zod';
import { inspectionKinds, inspectionStatuses } from '../domain/inspections/inspection.js';
import { applicationBodySchema, screeningFlagSchema } from './applications.js';
import { brnSchema, instant, paginationQuery } from './common.js';
import { sanctionRequestSchema } from './sanctions.js';
import { workItemFields, workQueueQueryFields } from './work-queues.js';

/** Schemas of the certificate's life after issuance: inspections, work queues, the audit trail. */

const idParam = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, `must be a ${what} id`);
const text = (max: number) => z.string().trim().min(1).max(max);
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

export const auditQuery = paginationQuery
  .extend({
    entity: z
      .string()
      .regex(/^[a-z-]+#[A-Za-z0-9_-]{1,100}$/, 'must be an entity such as reseller#2208162517')
      .optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .strict();

export const auditPageSchema = z
  .object({
    items: z.array(
      z.object({
        at: z.string(),
        entity: z.string(),
        action: z.string(),
        actor: z.string(),
        detail: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'AuditTrail' });

// ── change reports ──
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

export const resellerParams = z.object({ brn: brnSchema });

// ── objections ──
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

// ── what a reseller sees of its cases ──
/** Each case reads its day counts: pages stay small. */
export const resellerCasesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(2048).optional(),
});
const countMap = z.record(z.string(), z.number().int());

export const resellerCasePageSchema = z
  .object({
    items: z.array(
      z.object({
        caseId: z.string(),
        brn: z.string(),
        status: z.enum(['OPEN', 'CONFIRMED', 'DISMISSED']),
        openedAt: z.string(),
        window: z.object({ from: z.string(), to: z.string() }),
        threshold: z.string(),
        counts: z.object({
          reports: z.number().int(),
          malicious: z.number().int(),
          byCategory: countMap,
          byRelay: countMap,
          byDay: countMap.meta({ description: 'reports by KST day' }),
        }),
        decision: z.enum(['CONFIRM', 'DISMISS']).nullable(),
        decidedAt: z.string().nullable(),
        sanctionId: z.string().nullable(),
        decidedBy: z.string().nullable().optional().meta({ description: 'staff only' }),
      }),
    ),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'ResellerCases' });

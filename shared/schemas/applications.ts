import * as z from 'zod';
import type { ApplicationBody } from '../domain/applications/application.js';
import { checklistInForce } from '../domain/applications/checklist.js';
import { applicationStatuses } from '../domain/applications/status-transitions.js';
import { brnSchema, MAX_RELAYS_PER_RESELLER, paginationQuery, relayIdSchema } from './common.js';
import type { SameType } from './same-type.js';
import { workItemFields, workQueueQueryFields } from './work-queues.js';

const phone = z.string().regex(/^[0-9+\-() ]{7,20}$/, 'must be a phone number');
const text = (max: number) => z.string().trim().min(1).max(max);

export const checklistEntrySchema = z.object({
  item: z.string().regex(/^\d\.\d$/, 'must be a checklist item id such as 2.1'),
  evidence: text(4000),
  documents: z.array(text(200)).max(50).optional(),
});

export const applicationBodySchema = z
  .object({
    brn: brnSchema,
    companyName: text(200),
    representative: z.object({ name: text(100), phone, email: z.email() }),
    officeAddress: text(500),
    telecomRegistrationNumber: text(100),
    paidInCapitalKrw: z.number().int().nonnegative(),
    antiSpamStaff: z.array(z.object({ name: text(100), phone, employee: z.boolean() })).max(50),
    bankAccount: z.object({
      bank: text(50),
      number: z.string().regex(/^[0-9-]{6,30}$/, 'must be an account number'),
    }),
    // Checked against the registry's relay operators when the application is submitted.
    relayOperatorIds: z.array(relayIdSchema).min(1).max(MAX_RELAYS_PER_RESELLER),
    serviceTypes: z
      .array(z.enum(['WEB', 'API', 'MODULE']))
      .min(1)
      .max(3),
    checklist: z.array(checklistEntrySchema).max(100),
    /** RENEWAL renews the caller's current certificate; absent means NEW. */
    kind: z.enum(['NEW', 'RENEWAL']).optional(),
  })
  .strict()
  .meta({ id: 'ApplicationBody' });
export type { ApplicationBody };

const bodyMatches: SameType<z.output<typeof applicationBodySchema>, ApplicationBody> = true;
void bodyMatches;

export const applicationStatusSchema = z.enum(applicationStatuses);

export const historyEntrySchema = z.object({
  step: z.string(),
  at: z.string(),
  actor: z.string(),
  decision: z.string().optional(),
  comment: z.string().optional(),
  failedItems: z.array(z.string()).optional(),
});

export const screeningFlagSchema = z.object({
  kind: z.enum(['REPRESENTATIVE', 'PHONE', 'EMAIL', 'ADDRESS', 'BANK_ACCOUNT']),
  matchedBrn: z.string(),
  matchedStatus: z.string(),
  evidence: z.string(),
});

export const applicationSchema = z
  .object({
    applicationId: z.string(),
    brn: z.string(),
    companyName: z.string(),
    status: applicationStatusSchema,
    submittedAt: z.string(),
    updatedAt: z.string(),
    failedItems: z.array(z.string()),
    reasons: z.array(z.string()),
    flags: z.array(screeningFlagSchema).optional(),
    checklistVersion: z.number().int(),
    history: z.array(historyEntrySchema),
    deadline: z.string().optional(),
    /** When the on-site inspection took place, once recorded. */
    inspectedAt: z.string().optional(),
    certificateId: z.string().optional(),
    kind: z.enum(['NEW', 'RENEWAL']).optional(),
    ...workItemFields,
  })
  .meta({ id: 'Application' });

export const applicationDetailSchema = applicationSchema
  .extend({ submission: applicationBodySchema.omit({ brn: true }) })
  .meta({ id: 'ApplicationDetail' });

export const listApplicationsQuery = paginationQuery.extend({
  status: applicationStatusSchema.optional(),
  ...workQueueQueryFields,
});
export const applicationIdParams = z.object({ applicationId: z.string().min(1).max(100) });

const checklistIds = () => new Set(checklistInForce().items.map((i) => i.id));
const failedItemsSchema = z
  .array(z.string())
  .max(30)
  .superRefine((items, ctx) => {
    const known = checklistIds();
    items.forEach((id, i) => {
      if (!known.has(id))
        ctx.addIssue({ code: 'custom', path: [i], message: `${id} is not a checklist item` });
    });
  });

/** A rejection (or a request for more) must cite the checklist items it is about. */
function requireFailedItems<T extends { failedItems?: string[] }>(when: (b: T) => boolean, what: string) {
  return (body: T, ctx: z.RefinementCtx) => {
    if (when(body) && (!body.failedItems || body.failedItems.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['failedItems'], message: `required when ${what}` });
    }
  };
}

export const reviewBodySchema = z
  .object({
    decision: z.enum(['PASS', 'REQUEST_SUPPLEMENT', 'REJECT']),
    failedItems: failedItemsSchema.optional(),
    comment: z.string().trim().min(1).max(4000).optional(),
  })
  .strict()
  .superRefine(
    requireFailedItems((b) => b.decision !== 'PASS', 'the decision is REQUEST_SUPPLEMENT or REJECT'),
  )
  .meta({ id: 'ReviewDecision' });

export const inspectionBodySchema = z
  .object({
    result: z.enum(['PASS', 'FAIL']),
    failedItems: failedItemsSchema.optional(),
    inspectedAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString()),
    comment: z.string().trim().min(1).max(4000).optional(),
  })
  .strict()
  .superRefine(requireFailedItems((b) => b.result === 'FAIL', 'the result is FAIL'))
  .meta({ id: 'InspectionResult' });

export const committeeDecisionBodySchema = z
  .object({
    decision: z.enum(['APPROVE', 'REJECT']),
    failedItems: failedItemsSchema.optional(),
    comment: z.string().trim().min(1).max(4000).optional(),
  })
  .strict()
  .superRefine(requireFailedItems((b) => b.decision === 'REJECT', 'the decision is REJECT'))
  .meta({ id: 'CommitteeDecision' });

export const supplementBodySchema = z
  .object({
    checklist: z
      .array(checklistEntrySchema)
      .min(1)
      .max(100)
      .superRefine((entries, ctx) => {
        const known = checklistIds();
        entries.forEach((e, i) => {
          if (!known.has(e.item))
            ctx.addIssue({ code: 'custom', path: [i, 'item'], message: `${e.item} is not a checklist item` });
        });
      }),
    comment: z.string().trim().min(1).max(4000).optional(),
  })
  .strict()
  .meta({ id: 'Supplement' });

export const withdrawBodySchema = z
  .object({ reason: z.string().trim().min(1).max(2000).optional() })
  .strict()
  .meta({ id: 'Withdrawal' });

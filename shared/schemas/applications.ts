import { z } from 'zod';
import { applicationStatuses } from '../domain/application-lifecycle.js';
import { brnSchema, paginationQuery, relayOperatorIds } from './common.js';

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
    relayOperatorIds: z.array(z.enum(relayOperatorIds)).min(1).max(relayOperatorIds.length),
    serviceTypes: z
      .array(z.enum(['WEB', 'API', 'MODULE']))
      .min(1)
      .max(3),
    checklist: z.array(checklistEntrySchema).max(100),
  })
  .strict()
  .meta({ id: 'ApplicationBody' });
export type ApplicationBody = z.infer<typeof applicationBodySchema>;

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
    certificateId: z.string().optional(),
  })
  .meta({ id: 'Application' });

export const applicationDetailSchema = applicationSchema
  .extend({ submission: applicationBodySchema.omit({ brn: true }) })
  .meta({ id: 'ApplicationDetail' });

export const listApplicationsQuery = paginationQuery.extend({ status: applicationStatusSchema.optional() });
export const applicationIdParams = z.object({ applicationId: z.string().min(1).max(100) });

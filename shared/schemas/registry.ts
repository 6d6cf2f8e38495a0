import * as z from 'zod';
import { policyParametersSchema } from '../domain/policy/policy.js';
import {
  brnSchema,
  eligibilityDecisionSchema,
  eligibilityStatusSchema,
  instant,
  MAX_RELAYS_PER_RESELLER,
  relayIdSchema,
  throttleSchema,
} from './common.js';

export const brnParams = z.object({ brn: brnSchema });

export const resellerProfileSchema = z
  .object({
    brn: z.string(),
    companyName: z.string(),
    existing: z.boolean(),
    registeredAt: z.string().nullable(),
    relayOperatorIds: z.array(z.string()),
    eligibility: eligibilityDecisionSchema,
    certificate: z
      .object({
        certificateId: z.string(),
        revision: z.number().int(),
        issuedAt: z.string(),
        validUntil: z.string(),
        nextInspectionDue: z.string(),
        /** When the on-site inspection the certificate rests on took place (null for older ones). */
        lastInspectedAt: z.string().nullable(),
      })
      .nullable(),
    nextCertificate: z
      .object({ certificateId: z.string(), validFrom: z.string().nullable(), validUntil: z.string() })
      .nullable()
      .meta({ description: 'a renewal approved ahead; it takes over at validFrom (no gap)' }),
    openSanctions: z.array(
      z.object({
        sanctionId: z.string(),
        type: z.string(),
        from: z.string(),
        until: z.string().nullable(),
        reason: z.string(),
      }),
    ),
    pendingApplicationId: z.string().nullable(),
  })
  .meta({ id: 'ResellerProfile' });

export const registrySchema = z
  .object({
    items: z.array(eligibilityDecisionSchema),
    seq: z.number().int(),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'Registry' });
export const registryQuery = z.object({ cursor: z.string().max(2048).optional() });

export const changeSchema = z
  .object({
    seq: z.number().int(),
    brn: z.string(),
    status: eligibilityStatusSchema,
    throttle: throttleSchema.nullable(),
    effectiveAt: z.string(),
    reason: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'RegistryChange' });
export const changesQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a sequence number or a nextCursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const changesSchema = z
  .object({ changes: z.array(changeSchema), nextCursor: z.string().optional() })
  .meta({ id: 'RegistryChanges' });

export const existingResellerRowSchema = z.object({
  brn: brnSchema,
  companyName: z.string().trim().min(1).max(200),
  registeredAt: instant,
  relayOperatorIds: z.array(relayIdSchema).max(MAX_RELAYS_PER_RESELLER).optional(),
});
export type ExistingResellerRow = z.infer<typeof existingResellerRowSchema>;
/** At most this many rows per call: each row is its own transaction. */
export const MAX_IMPORT_ROWS = 2000;
/**
 * The import body: rows are validated one by one (a bad row is REJECTED in the results, it does
 * not fail the call), so at the edge only the array shape is checked.
 */
export const existingResellerImportSchema = z.array(z.unknown()).min(1).max(MAX_IMPORT_ROWS).meta({
  id: 'ExistingResellerImport',
  description:
    'Array of {brn, companyName, registeredAt, relayOperatorIds?}; or text/csv with the header brn,companyName,registeredAt,relayOperatorIds (ids separated by ;)',
});
export const importResultSchema = z
  .object({
    results: z.array(
      z.object({
        index: z.number().int(),
        brn: z.string().nullable(),
        outcome: z.enum(['CREATED', 'UNCHANGED', 'REJECTED']),
        status: eligibilityStatusSchema.optional(),
        errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      }),
    ),
  })
  .meta({ id: 'ImportResult' });
export const relayOperatorSchema = z
  .object({ relayId: z.string(), name: z.string(), webhookUrl: z.string().optional() })
  .meta({ id: 'RelayOperator' });
export const relayOperatorsSchema = z.object({ items: z.array(relayOperatorSchema) });

export const checklistResponseSchema = z
  .object({
    version: z.number().int(),
    publishedAt: z.string(),
    items: z.array(z.object({ id: z.string(), title: z.string(), mandatory: z.boolean() })),
  })
  .meta({ id: 'Checklist' });

export const policyResponseSchema = z
  .object({
    version: z.number().int(),
    effectiveFrom: z.string(),
    source: z.string(),
    parameters: policyParametersSchema,
    effectiveDates: z.record(z.string(), z.string()),
  })
  .meta({ id: 'Policy' });

export const clockBodySchema = z
  .union([
    z.object({ set: instant }).strict(),
    z
      .object({
        advanceSeconds: z
          .number()
          .int()
          .min(-10 * 365 * 86400)
          .max(10 * 365 * 86400),
      })
      .strict(),
  ])
  .meta({ id: 'LocalClockChange' });
export const clockResponseSchema = z.object({ now: z.string() });

export const healthSchema = z.object({ status: z.literal('ok') });

export const policyChangeSchema = z
  .object({
    effectiveFrom: instant,
    /** Only the parameters that change; the rest keep the values in force at effectiveFrom. */
    parameters: policyParametersSchema.partial(),
    source: z.string().trim().min(1).max(500),
  })
  .strict()
  .meta({ id: 'PolicyChange' });

export const closureBodySchema = z
  .object({
    closedAt: z.iso
      .datetime({ offset: true })
      .describe('when the business closed (an instant; may be in the future)'),
    reason: z.string().trim().min(1).max(500),
  })
  .strict()
  .meta({ id: 'ClosureBody' });

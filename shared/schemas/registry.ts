import * as z from 'zod';
import type { ExistingResellerRow } from '../domain/grace/existing-reseller-import.js';
import {
  brnSchema,
  eligibilityDecisionSchema,
  eligibilityStatusSchema,
  instant,
  MAX_RELAYS_PER_RESELLER,
  relayIdSchema,
  throttleSchema,
} from './common.js';
import type { SameType } from './same-type.js';
import { validatorOf } from './validator.js';

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
export type { ExistingResellerRow };

const rowMatches: SameType<z.output<typeof existingResellerRowSchema>, ExistingResellerRow> = true;
void rowMatches;
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
export const closureBodySchema = z
  .object({
    closedAt: z.iso
      .datetime({ offset: true })
      .describe('when the business closed (an instant; may be in the future)'),
    reason: z.string().trim().min(1).max(500),
  })
  .strict()
  .meta({ id: 'ClosureBody' });

/** The domain's validator of one imported row (shared/domain/grace/existing-reseller-import.ts). */
export const validateExistingResellerRow = validatorOf(existingResellerRowSchema);

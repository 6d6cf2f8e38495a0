import * as z from 'zod';
import { parseBrn } from '../domain/core/brn.js';
import { eligibilityStatuses } from '../domain/resellers/eligibility.js';
import { instant, throttleSchema } from './policy.js';

export { instant, throttleSchema };

/** At most this many relay operators per application or imported row (the registry has about ten). */
export const MAX_RELAYS_PER_RESELLER = 50;

/** A BRN with or without dashes in, the bare 10 digits out; the message says which rule failed. */
export const brnSchema = z
  .string()
  .transform((value, ctx) => {
    const parsed = parseBrn(value);
    if (parsed.ok) return parsed.brn;
    ctx.addIssue({
      code: 'custom',
      message:
        parsed.problem === 'format'
          ? 'must be a business registration number: 10 digits, optionally as 000-00-00000'
          : 'business registration number check digit does not match',
    });
    return z.NEVER;
  })
  .meta({ id: 'Brn', description: '10-digit business registration number (dashes accepted on input)' });

/** An id in a path: letters, digits, `_` and `-`; the message names what it identifies. */
export const idParam = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, `must be a ${what} id`);
/** Free text a person writes: trimmed, not empty, at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

export const relayIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be a relay operator id');

export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(2048).optional(),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const eligibilityStatusSchema = z.enum(eligibilityStatuses);

export const eligibilityDecisionSchema = z
  .object({
    brn: z.string(),
    allowed: z.boolean(),
    status: eligibilityStatusSchema,
    throttle: throttleSchema.nullable(),
    reason: z.string(),
    certificateId: z.string().nullable(),
    validUntil: z.string().nullable(),
    nextInspectionDue: z.string().nullable(),
    sanction: z
      .object({
        sanctionId: z.string(),
        type: z.enum(['WARNING', 'THROTTLE', 'SUSPENSION', 'REVOCATION']),
        from: z.string(),
        until: z.string().nullable(),
        reason: z.string(),
        caseId: z.string().optional(),
      })
      .nullable(),
    reapplyAfter: z.string().optional(),
    evaluatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'EligibilityDecision' });

/** The reseller a path names. */
export const brnParams = z.object({ brn: brnSchema });

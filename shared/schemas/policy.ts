import * as z from 'zod';
import { policyParametersSchema } from '../domain/policy/policy.js';
import { instant } from './common.js';

/** Schemas of the certification checklist and the policy versions. */

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

export const policyChangeSchema = z
  .object({
    effectiveFrom: instant,
    /** Only the parameters that change; the rest keep the values in force at effectiveFrom. */
    parameters: policyParametersSchema.partial(),
    source: z.string().trim().min(1).max(500),
  })
  .strict()
  .meta({ id: 'PolicyChange' });

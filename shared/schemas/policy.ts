import * as z from 'zod';
import { MAX_ATTESTATION_LIFETIME_SECONDS } from '../domain/attestations/key-ring.js';
import {
  type PolicyParameters,
  sanctionTypes,
  spamCategories,
  type Throttle,
} from '../domain/policy/policy.js';
import type { SameType } from './same-type.js';
import { validatorOf } from './validator.js';

/** An instant with an offset in, the UTC ISO string out. */
export const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

export const throttleSchema = z
  .object({
    speedPercent: z.number().int().min(1).max(99),
    volumePercent: z.number().int().min(1).max(99),
  })
  .meta({ id: 'Throttle' });

export const policyParametersSchema = z
  .object({
    programStart: instant,
    existingDeadline: instant,
    extensionEnd: instant,
    extensionThrottle: throttleSchema,
    /** An existing reseller whose application is still pending at the deadline keeps GRACE. */
    keepGraceWhileApplicationPending: z.boolean(),
    minPaidInCapitalKrw: z.number().int().nonnegative(),
    inspectionIntervalMonths: z.number().int().min(1).max(36),
    certificateValidityMonths: z.number().int().min(1).max(120),
    supplementDeadlineDays: z.number().int().min(1).max(180),
    staffStepDeadlineDays: z.number().int().min(1).max(365),
    reapplyBarMonths: z.number().int().min(0).max(120),
    ghostRegistrationWindowMonths: z.number().int().min(1).max(120),
    graceReminderDaysBefore: z.array(z.number().int().min(1).max(365)).max(10),
    /** How long a signed eligibility attestation may be relied on (at most an hour: key rotation assumes it). */
    attestationLifetimeSeconds: z.number().int().min(10).max(MAX_ATTESTATION_LIFETIME_SECONDS),
    // ── the certificate's life after issuance ──
    /** An annual inspection opens this many days before it is due. */
    inspectionLeadDays: z.number().int().min(1).max(180),
    /** After a failed inspection, days to correct before the re-inspection. */
    correctivePeriodDays: z.number().int().min(1).max(180),
    /** A change must be reported within this many days of `changedAt` (later is flagged late). */
    changeReportDays: z.number().int().min(1).max(180),
    /** An objection may be filed within this many days of the decision it contests. */
    objectionWindowDays: z.number().int().min(1).max(365),
    renewalReminderDaysBefore: z.array(z.number().int().min(1).max(365)).max(10),
    spamCase: z.object({
      windowHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 31),
      threshold: z.number().int().min(1),
      maliciousThreshold: z.number().int().min(1),
      maliciousCategories: z.array(z.enum(spamCategories)),
    }),
    sanctionLadder: z.object({
      windowMonths: z.number().int().min(1).max(60),
      steps: z
        .array(
          z.object({
            type: z.enum(sanctionTypes),
            days: z.number().int().min(1).optional(),
            speedPercent: z.number().int().min(1).max(99).optional(),
            volumePercent: z.number().int().min(1).max(99).optional(),
          }),
        )
        .min(1),
    }),
  })
  .meta({ id: 'PolicyParameters' });

// The schemas check exactly the domain's types (a field added on one side only fails to compile).
const policyMatches: SameType<z.output<typeof policyParametersSchema>, PolicyParameters> = true;
const throttleMatches: SameType<z.output<typeof throttleSchema>, Throttle> = true;
void policyMatches;
void throttleMatches;

/** The domain's validator of the policy in force after a new version (paths under `body.parameters`). */
export const validatePolicyParameters = validatorOf(policyParametersSchema, 'body.parameters');

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

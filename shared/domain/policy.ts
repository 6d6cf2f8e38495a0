import * as z from 'zod';
import { MAX_ATTESTATION_LIFETIME_SECONDS } from './attestations/key-ring.js';

/**
 * Policy parameters are data: each version has an effective instant and the parameters it changes;
 * the policy in force at an instant is every version up to it, applied in order.
 * The defaults below are the published values (programme start, deadline, extension, capital floor, inspection interval); the rest are configurable guesses
 * that an admin can supersede with a new version (PUT /v1/policy) without rewriting the past.
 */
export const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

export const throttleSchema = z
  .object({
    speedPercent: z.number().int().min(1).max(99),
    volumePercent: z.number().int().min(1).max(99),
  })
  .meta({ id: 'Throttle' });
export type Throttle = z.infer<typeof throttleSchema>;

export const spamCategories = ['GAMBLING', 'LOAN', 'STOCK', 'ADULT', 'DRUGS', 'PHISHING', 'OTHER'] as const;
export const sanctionTypes = ['WARNING', 'THROTTLE', 'SUSPENSION', 'REVOCATION'] as const;

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
export type PolicyParameters = z.infer<typeof policyParametersSchema>;

export interface PolicyVersion {
  version: number;
  effectiveFrom: string;
  /** What this version changes (the first version sets everything). */
  changes: Partial<PolicyParameters>;
  source: string;
}

/** The policy in force at an instant: the latest applicable version and the folded parameters. */
export interface EffectivePolicy {
  version: number;
  effectiveFrom: string;
  source: string;
  parameters: PolicyParameters;
}

const basePolicy: PolicyParameters = {
  programStart: '2024-05-31T15:00:00.000Z', // 2024-06-01 00:00 KST
  existingDeadline: '2024-11-30T15:00:00.000Z', // end of 2024-11-30 KST
  extensionEnd: '2024-12-31T15:00:00.000Z', // end of 2024-12-31 KST
  extensionThrottle: { speedPercent: 50, volumePercent: 50 },
  keepGraceWhileApplicationPending: true,
  minPaidInCapitalKrw: 50_000_000,
  inspectionIntervalMonths: 12,
  certificateValidityMonths: 24,
  supplementDeadlineDays: 14,
  staffStepDeadlineDays: 30,
  reapplyBarMonths: 12,
  ghostRegistrationWindowMonths: 12,
  graceReminderDaysBefore: [30, 7, 1],
  attestationLifetimeSeconds: 300,
  inspectionLeadDays: 30,
  correctivePeriodDays: 30,
  changeReportDays: 15,
  objectionWindowDays: 30,
  renewalReminderDaysBefore: [90, 30, 7],
  spamCase: {
    windowHours: 24,
    threshold: 100,
    maliciousThreshold: 20,
    maliciousCategories: ['GAMBLING', 'LOAN', 'DRUGS', 'PHISHING'],
  },
  sanctionLadder: {
    windowMonths: 12,
    steps: [
      { type: 'WARNING' },
      { type: 'THROTTLE', days: 30, speedPercent: 50, volumePercent: 50 },
      { type: 'SUSPENSION', days: 90 },
      { type: 'REVOCATION' },
    ],
  },
};

/** The built-in history; stored versions (PUT /v1/policy) are appended after these. */
export const defaultPolicyVersions: readonly PolicyVersion[] = [
  {
    version: 1,
    effectiveFrom: basePolicy.programStart,
    changes: basePolicy,
    source: 'KCC programme announcement (2024-06-01 start, deadline 2024-11-30, extension to 2024-12-31)',
  },
  {
    version: 2,
    // Telecommunications Business Act Art. 22-2 in force 2025-09-19 KST; the decree raised the capital floor.
    effectiveFrom: '2025-09-18T15:00:00.000Z',
    changes: { minPaidInCapitalKrw: 300_000_000 },
    source: 'Enforcement decree (2025): minimum paid-in capital KRW 300,000,000',
  },
];

function inForce(versions: readonly PolicyVersion[], now: Date): PolicyVersion[] {
  const ordered = [...versions].sort(
    (a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version,
  );
  const applied = ordered.filter((v) => Date.parse(v.effectiveFrom) <= now.getTime());
  // Before the first version takes effect (a clock before the programme start) its rules apply:
  // the programme as announced, whose deadlines all still lie ahead.
  return applied.length > 0 ? applied : ordered.slice(0, 1);
}

/** The policy in force at `now`: every version up to it, applied in effective-date order. */
export function policyAt(versions: readonly PolicyVersion[], now: Date): EffectivePolicy {
  const applied = inForce(versions, now);
  const latest = applied.at(-1);
  if (!latest) throw new Error(`no policy in force at ${now.toISOString()}`);
  const parameters = Object.assign({}, ...applied.map((v) => v.changes)) as PolicyParameters;
  return { version: latest.version, effectiveFrom: latest.effectiveFrom, source: latest.source, parameters };
}

/** For each parameter, the instant of the version that last set it (up to `now`). */
export function parameterEffectiveDates(
  versions: readonly PolicyVersion[],
  now: Date,
): Record<keyof PolicyParameters, string> {
  const result = {} as Record<keyof PolicyParameters, string>;
  for (const v of inForce(versions, now)) {
    for (const key of Object.keys(v.changes) as (keyof PolicyParameters)[]) result[key] = v.effectiveFrom;
  }
  return result;
}

/** Calendar arithmetic lives in time/calendar.ts (KST days, clamped months); re-exported for callers here. */
export { addDays, addMonths } from './time/calendar.js';

import * as z from 'zod';
import { spamCategories } from '../domain/policy/policy.js';
import { type SpamReport, spamSources } from '../domain/spam/attribution.js';
import { instant, relayIdSchema } from './common.js';
import { firstSenderCodeSchema } from './first-sender-codes.js';
import type { SameType } from './same-type.js';
import { validatorOf } from './validator.js';

/** Where a report came from: KISA's 118 center, KISA's spam traps, KCUP's monitoring, or a relay. */
export { spamSources };

/** Up to this many reports per POST /v1/spam-reports (a body of 1 MiB fits them). */
export const MAX_REPORTS_PER_CALL = 500;
/**
 * One spam report: id, source, received time, category and content digest required; one of
 * first-sender code, relay id or sender number. Validated row by row: a bad row is rejected with the
 * fields named, the others are accepted. Normalised on the way in (instants in UTC, digits-only
 * sender numbers, upper-case codes, lower-case digests), so a report reads the same everywhere.
 */
export const spamReportSchema = z
  .object({
    reportId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be 1-128 letters, digits or . _ : -'),
    source: z.enum(spamSources),
    receivedAt: instant,
    senderNumber: z
      .string()
      .regex(/^\+?[0-9][0-9 -]{1,22}[0-9]$/, 'must be a phone number (digits, optional + and dashes)')
      .transform((s) => s.replace(/[^0-9+]/g, ''))
      .optional(),
    firstSenderCode: firstSenderCodeSchema.optional(),
    relayId: relayIdSchema.optional(),
    category: z.enum(spamCategories),
    contentDigest: z
      .string()
      .regex(/^sha256:[0-9a-fA-F]{64}$/, 'must be sha256:<64 hex digits>')
      .transform((s) => s.toLowerCase()),
  })
  .superRefine((r, ctx) => {
    if (r.firstSenderCode === undefined && r.relayId === undefined && r.senderNumber === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['firstSenderCode'],
        message: 'one of firstSenderCode, relayId or senderNumber is required',
      });
    }
  })
  .meta({ id: 'SpamReport' });
export type { SpamReport };

const reportMatches: SameType<z.output<typeof spamReportSchema>, SpamReport> = true;
void reportMatches;

/** The route body: rows are validated one by one (per-row rejections), so only the envelope here. */
export const spamReportsBodySchema = z
  .object({
    // A row is a SpamReport or anything else: a bad row is rejected alone (in the 202), never the call.
    reports: z
      .array(z.union([spamReportSchema, z.unknown()]))
      .min(1, 'send at least one report')
      .max(MAX_REPORTS_PER_CALL, `at most ${MAX_REPORTS_PER_CALL} reports per call`),
  })
  .meta({
    id: 'SpamReportBatch',
    description:
      '{reports: [SpamReport...]}: reportId, source, receivedAt, category, contentDigest required; one of firstSenderCode, relayId, senderNumber',
  });

const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });

export const spamIntakeResultSchema = z
  .object({
    accepted: z.number().int(),
    rejected: z.array(
      z.object({
        index: z.number().int(),
        reportId: z.string().optional(),
        errors: z.array(fieldErrorSchema),
      }),
    ),
  })
  .meta({ id: 'SpamIntakeResult' });

/** What travels on the queue: already validated and normalised reports. */
export const spamReportMessageSchema = z.object({
  v: z.literal(1),
  reports: z.array(spamReportSchema).min(1).max(100),
});
export type SpamReportMessage = z.output<typeof spamReportMessageSchema>;

/** The domain's validator of one report row (shared/domain/spam/report-intake.ts). */
export const validateSpamReport = validatorOf(spamReportSchema);

import * as z from 'zod';
import { spamCategories } from '../domain/policy/policy.js';
import { brnSchema, instant, paginationQuery, relayIdSchema } from './common.js';
import { workItemFields, workQueueQueryFields } from './work-queues.js';

/** Where a report came from: KISA's 118 center, KISA's spam traps, KCUP's monitoring, or a relay. */
export const spamSources = ['KISA_118', 'KISA_TRAP', 'KCUP_MONITORING', 'RELAY'] as const;

/** Up to this many reports per POST /v1/spam-reports (a body of 1 MiB fits them). */
export const MAX_REPORTS_PER_CALL = 500;
/** A reseller registers at most this many first-sender identification codes. */
export const MAX_FIRST_SENDER_CODES = 40;

/** First-sender identification codes compare case-insensitively: stored and matched upper-case. */
export const firstSenderCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/, 'must be 1-32 letters, digits or dashes')
  .transform((s) => s.toUpperCase());

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
export type SpamReport = z.output<typeof spamReportSchema>;

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

export const caseStatuses = ['OPEN', 'CONFIRMED', 'DISMISSED'] as const;

export const listCasesQuery = paginationQuery.extend({
  status: z.enum(caseStatuses).optional(),
  brn: brnSchema.optional(),
  ...workQueueQueryFields,
});

export const spamCaseSchema = z
  .object({
    caseId: z.string(),
    brn: z.string(),
    status: z.enum(caseStatuses),
    openedAt: z.string(),
    evidence: z.object({
      from: z.string(),
      to: z.string(),
      reports: z.number().int(),
      malicious: z.number().int(),
      byCategory: z.record(z.string(), z.number().int()),
      byRelay: z.record(z.string(), z.number().int()),
      threshold: z.string(),
    }),
    decision: z.enum(['CONFIRM', 'DISMISS']).optional(),
    decidedAt: z.string().optional(),
    decidedBy: z.string().optional(),
    comment: z.string().optional(),
    sanctionId: z.string().optional(),
    ...workItemFields,
  })
  .meta({ id: 'SpamCase' });

export const spamCasePageSchema = z
  .object({ items: z.array(spamCaseSchema), nextCursor: z.string().optional() })
  .meta({ id: 'SpamCasePage' });

export const firstSenderCodesBodySchema = z
  .object({
    codes: z
      .array(firstSenderCodeSchema)
      .max(MAX_FIRST_SENDER_CODES, `at most ${MAX_FIRST_SENDER_CODES} codes`)
      .superRefine((codes, ctx) => {
        const seen = new Map<string, number>();
        codes.forEach((c, i) => {
          if (seen.has(c))
            ctx.addIssue({ code: 'custom', path: [i], message: `repeats codes[${seen.get(c)}]` });
          else seen.set(c, i);
        });
      }),
  })
  .meta({ id: 'FirstSenderCodes' });

export const firstSenderCodesResultSchema = z
  .object({ brn: z.string(), codes: z.array(z.string()) })
  .meta({ id: 'FirstSenderCodesResult' });

/** `2025-01`: a calendar month in Korea Standard Time. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');

export const monthlyStatisticsQuery = z.object({ month: monthSchema.optional() });

export const monthlyStatisticsSchema = z
  .object({
    month: z.string(),
    from: z.string().meta({ description: 'first instant of the month (00:00 KST)' }),
    to: z.string().meta({ description: 'first instant after the month' }),
    live: z.boolean().meta({ description: 'the month is still running: counts keep growing' }),
    reports: z.number().int(),
    reportsByRelay: z.array(z.object({ relayId: z.string(), reports: z.number().int() })),
    reportsByCategory: z.array(z.object({ category: z.string(), reports: z.number().int() })),
    topResellers: z.array(z.object({ brn: z.string(), reports: z.number().int() })),
    unattributed: z.number().int(),
    certifications: z.number().int(),
    sanctions: z.number().int(),
  })
  .meta({ id: 'MonthlyStatistics' });

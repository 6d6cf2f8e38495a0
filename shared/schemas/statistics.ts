import * as z from 'zod';

/** Schemas of the monthly statistics. */

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

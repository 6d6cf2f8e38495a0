import * as z from 'zod';

/** What a reseller sees of its spam cases: counts, never a reporter's data. */

/** Each case reads its day counts: pages stay small. */
export const resellerCasesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(2048).optional(),
});
const countMap = z.record(z.string(), z.number().int());

export const resellerCasePageSchema = z
  .object({
    items: z.array(
      z.object({
        caseId: z.string(),
        brn: z.string(),
        status: z.enum(['OPEN', 'CONFIRMED', 'DISMISSED']),
        openedAt: z.string(),
        window: z.object({ from: z.string(), to: z.string() }),
        threshold: z.string(),
        counts: z.object({
          reports: z.number().int(),
          malicious: z.number().int(),
          byCategory: countMap,
          byRelay: countMap,
          byDay: countMap.meta({ description: 'reports by KST day' }),
        }),
        decision: z.enum(['CONFIRM', 'DISMISS']).nullable(),
        decidedAt: z.string().nullable(),
        sanctionId: z.string().nullable(),
        decidedBy: z.string().nullable().optional().meta({ description: 'staff only' }),
      }),
    ),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'ResellerCases' });

import * as z from 'zod';

/** Schemas of the first-sender identification codes a reseller inserts (spam reports are attributed by them). */

/** A reseller registers at most this many first-sender identification codes. */
export const MAX_FIRST_SENDER_CODES = 40;

/** First-sender identification codes compare case-insensitively: stored and matched upper-case. */
export const firstSenderCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/, 'must be 1-32 letters, digits or dashes')
  .transform((s) => s.toUpperCase());

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

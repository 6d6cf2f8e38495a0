import * as z from 'zod';
import { instant } from './common.js';

/** Schemas of the runtime's own routes: readiness and the local business clock. */

export const clockBodySchema = z
  .union([
    z.object({ set: instant }).strict(),
    z
      .object({
        advanceSeconds: z
          .number()
          .int()
          .min(-10 * 365 * 86400)
          .max(10 * 365 * 86400),
      })
      .strict(),
  ])
  .meta({ id: 'LocalClockChange' });
export const clockResponseSchema = z.object({ now: z.string() });

export const healthSchema = z.object({ status: z.literal('ok') });

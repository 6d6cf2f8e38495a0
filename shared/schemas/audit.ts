import * as z from 'zod';
import { instant, paginationQuery } from './common.js';

/** Schemas of the audit trail (append-only). */

export const auditQuery = paginationQuery
  .extend({
    entity: z
      .string()
      .regex(/^[a-z-]+#[A-Za-z0-9_-]{1,100}$/, 'must be an entity such as reseller#2208162517')
      .optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .strict();

export const auditPageSchema = z
  .object({
    items: z.array(
      z.object({
        at: z.string(),
        entity: z.string(),
        action: z.string(),
        actor: z.string(),
        detail: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'AuditTrail' });

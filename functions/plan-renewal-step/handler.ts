import * as z from 'zod';
import { planRenewalStep } from '../../shared/domain/renewals/renewal-steps.js';
import { brnSchema } from '../../shared/schemas/common.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

const input = z.object({
  brn: brnSchema,
  certificateId: z.string().min(1).max(40),
  after: z.string().nullable(),
});

export const handler = taskHandler('plan-renewal-step', input, (i, deps) => planRenewalStep(deps, i));

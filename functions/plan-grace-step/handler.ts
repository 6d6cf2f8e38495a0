import * as z from 'zod';
import { planGraceStep } from '../../shared/domain/grace/grace-plan.js';
import { brnSchema } from '../../shared/schemas/common.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

const input = z.object({ brn: brnSchema, after: z.string().nullable() });

export const handler = taskHandler('plan-grace-step', input, ({ brn, after }, deps) =>
  planGraceStep(deps, brn, after),
);

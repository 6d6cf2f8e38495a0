import * as z from 'zod';
import { planInspectionStep } from '../../shared/domain/inspections/inspection-steps.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

const input = z.object({ inspectionId: z.string().min(1).max(100) });

export const handler = taskHandler('plan-inspection-step', input, ({ inspectionId }, deps) =>
  planInspectionStep(deps, inspectionId),
);

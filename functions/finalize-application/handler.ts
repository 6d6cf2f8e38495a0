import { inspectionDeps } from '../../shared/adapters/sfn/inspection-workflow.js';
import { finalize } from '../../shared/domain/review/workflow-steps.js';
import { finalizeInput } from '../../shared/workflow/review-inputs.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

/** An approval schedules the certificate's first annual inspection: it starts that workflow. */
export const handler = taskHandler(
  'finalize-application',
  finalizeInput,
  (input, deps) => finalize(deps, input),
  inspectionDeps,
);

import { finalize } from '../../shared/domain/review.js';
import { finalizeInput } from '../../shared/workflow/review-inputs.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

export const handler = taskHandler('finalize-application', finalizeInput, (input, deps) =>
  finalize(deps, input),
);

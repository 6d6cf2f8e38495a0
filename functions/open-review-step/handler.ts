import { openStep } from '../../shared/domain/review/workflow-steps.js';
import { openStepInput } from '../../shared/workflow/review-inputs.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

/** Invoked with a task token: the step's status and its token are stored in one conditional write. */
export const handler = taskHandler('open-review-step', openStepInput, async (input, deps) => {
  await openStep(deps, input);
  return { opened: input.step };
});

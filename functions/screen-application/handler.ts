import { screen } from '../../shared/domain/review/workflow-steps.js';
import { applicationRef } from '../../shared/workflow/review-inputs.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';

export const handler = taskHandler('screen-application', applicationRef, ({ applicationId }, deps) =>
  screen(deps, applicationId),
);

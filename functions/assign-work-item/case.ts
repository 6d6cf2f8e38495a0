import { caseView } from '../../shared/domain/cases/case-opening.js';
import { assignCase } from '../../shared/domain/work-queues/assignment.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/work-queues.js';

export const handler = httpHandler(routes.assignCase, async ({ principal, params, body }, deps) => {
  const spamCase = await assignCase(deps, principal, params.caseId, body.assignee);
  return { status: 200, body: caseView(spamCase) };
});

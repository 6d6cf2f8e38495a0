import { objectionView } from '../../shared/domain/objections/objection-use-cases.js';
import { assignObjection } from '../../shared/domain/work-queues/assignment.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/work-queues.js';

export const handler = httpHandler(routes.assignObjection, async ({ principal, params, body }, deps) => {
  const objection = await assignObjection(deps, principal, params.objectionId, body.assignee);
  return { status: 200, body: objectionView(objection, principal) };
});

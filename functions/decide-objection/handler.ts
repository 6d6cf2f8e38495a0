import { workflowDeps } from '../../shared/adapters/sfn/review-workflow.js';
import { decideObjection, objectionView } from '../../shared/domain/objections/objection-use-cases.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

/** A cancelled rejection reopens the committee step: this function starts review executions. */
export const handler = httpHandler(
  routes.decideObjection,
  async ({ principal, params, body }, deps) => ({
    status: 200,
    body: objectionView(await decideObjection(deps, principal, params.objectionId, body), principal),
  }),
  { deps: workflowDeps, idempotency },
);

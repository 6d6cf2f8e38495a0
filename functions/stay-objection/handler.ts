import { objectionView, stayObjection } from '../../shared/domain/objections/objection-use-cases.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

export const handler = httpHandler(
  routes.stayObjection,
  async ({ principal, params, body }, deps) => ({
    status: 200,
    body: objectionView(await stayObjection(deps, principal, params.objectionId, body), principal),
  }),
  { idempotency },
);

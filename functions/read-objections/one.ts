import { objectionView, readObjection } from '../../shared/domain/objections/objection-use-cases.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

export const handler = httpHandler(routes.getObjection, async ({ principal, params }, deps) => ({
  status: 200,
  body: objectionView(await readObjection(deps, principal, params.objectionId), principal),
}));

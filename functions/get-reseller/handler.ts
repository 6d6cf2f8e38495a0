import { resellerProfile } from '../../shared/domain/resellers/registry-queries.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/resellers-and-registry.js';

export const handler = httpHandler(routes.getReseller, async ({ principal, params }, deps) => ({
  status: 200,
  body: await resellerProfile(deps, principal, params.brn),
}));

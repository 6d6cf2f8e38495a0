import { getInspection } from '../../shared/domain/inspections/inspection-queries.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

export const handler = httpHandler(routes.getInspection, async ({ principal, params }, deps) => ({
  status: 200,
  body: await getInspection(deps, principal, params.inspectionId),
}));

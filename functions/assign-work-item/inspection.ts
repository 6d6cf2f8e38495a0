import { assignInspection, inspectionView } from '../../shared/domain/inspections/inspection-queries.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

export const handler = httpHandler(routes.assignInspection, async ({ principal, params, body }, deps) => {
  const inspection = await assignInspection(deps, principal, params.inspectionId, body.assignee);
  return { status: 200, body: inspectionView(inspection, principal, true) };
});

import { inspectionDeps } from '../../shared/adapters/sfn/inspection-workflow.js';
import { decideInspection } from '../../shared/domain/inspections/inspection-decisions.js';
import { inspectionView } from '../../shared/domain/inspections/inspection-queries.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

export const handler = httpHandler(
  routes.decideInspection,
  async ({ principal, params, body }, deps) => {
    const inspection = await decideInspection(deps, principal, params.inspectionId, body);
    return { status: 200, body: inspectionView(inspection, principal, true) };
  },
  { deps: inspectionDeps, idempotency },
);

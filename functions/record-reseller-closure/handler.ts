import { recordClosure } from '../../shared/domain/resellers/closure.js';
import { resellerProfile } from '../../shared/domain/resellers/registry-queries.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/resellers-and-registry.js';

export const handler = httpHandler(
  routes.recordResellerClosure,
  async ({ principal, params, body }, deps) => {
    await recordClosure(deps, principal, params.brn, body);
    return { status: 200, body: await resellerProfile(deps, principal, params.brn) };
  },
  { idempotency },
);

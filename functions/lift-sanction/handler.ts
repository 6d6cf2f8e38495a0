import { liftSanction, sanctionView } from '../../shared/domain/sanctions/sanctions.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/sanctions.js';

export const handler = httpHandler(
  routes.liftSanction,
  async ({ principal, params, body }, deps) => {
    const { sanction, reseller } = await liftSanction(deps, principal, params.sanctionId, body);
    return { status: 200, body: sanctionView(sanction, reseller, principal, deps.clock.now()) };
  },
  { idempotency },
);

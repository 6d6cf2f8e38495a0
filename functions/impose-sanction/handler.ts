import { imposeSanction, sanctionView } from '../../shared/domain/sanctions/sanctions.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/sanctions.js';

export const handler = httpHandler(
  routes.imposeSanction,
  async ({ principal, params, body }, deps) => {
    const { sanction, reseller } = await imposeSanction(deps, principal, params.brn, body);
    return {
      status: 201,
      headers: { location: `/v1/resellers/${params.brn}/sanctions` },
      body: sanctionView(sanction, reseller, principal, deps.clock.now()),
    };
  },
  { idempotency },
);

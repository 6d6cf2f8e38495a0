import { NotFoundError } from '../../shared/domain/core/errors.js';
import { mayReadReseller } from '../../shared/domain/core/principal.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/resellers-and-registry.js';

export const handler = httpHandler(
  routes.listResellerNotifications,
  async ({ principal, params, query }, deps) => {
    if (!mayReadReseller(principal, params.brn)) throw new NotFoundError(`no reseller ${params.brn}`);
    const page = await deps.notifier.list(params.brn, {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return { status: 200, body: page };
  },
);

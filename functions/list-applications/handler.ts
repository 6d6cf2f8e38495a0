import { applicationView, listApplications } from '../../shared/domain/applications/application-use-cases.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/applications.js';

export const handler = httpHandler(routes.listApplications, async ({ principal, query }, deps) => {
  const { limit, cursor, ...filter } = query;
  const page = await listApplications(deps, principal, filter, { limit, ...(cursor ? { cursor } : {}) });
  return {
    status: 200,
    body: {
      items: page.items.map((a) => applicationView(a, principal, false)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    },
  };
});

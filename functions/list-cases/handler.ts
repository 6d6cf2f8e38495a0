import { listCases } from '../../shared/domain/cases/case-opening.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/spam-and-cases.js';

export const handler = httpHandler(routes.listCases, async ({ query }, deps) => {
  const page = await listCases(
    deps,
    {
      ...(query.status ? { status: query.status } : {}),
      ...(query.brn ? { brn: query.brn } : {}),
      ...(query.assignee ? { assignee: query.assignee } : {}),
      ...(query.dueBefore ? { dueBefore: query.dueBefore } : {}),
    },
    { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) },
  );
  return { status: 200, body: page };
});

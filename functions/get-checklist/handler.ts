import { checklistInForce } from '../../shared/domain/applications/checklist.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/admin-and-policy.js';

export const handler = httpHandler(routes.getChecklist, async () => {
  const { version, publishedAt, items } = checklistInForce();
  return {
    status: 200,
    body: {
      version,
      publishedAt,
      items: items.map(({ id, title, mandatory }) => ({ id, title, mandatory })),
    },
  };
});

import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/resellers-and-registry.js';

export const handler = httpHandler(routes.listRegistryChanges, async ({ query }, deps) => {
  const after = query.after ? Number(query.after) : 0;
  const changes = await deps.registry.changes(after, query.limit);
  const last = changes.at(-1);
  // A full page may have more behind it; a short page is the end of the feed for now.
  const nextCursor = last && changes.length === query.limit ? String(last.seq) : undefined;
  return {
    status: 200,
    body: {
      changes: changes.map(({ seq, brn, status, throttle, effectiveAt, reason, version }) => ({
        seq,
        brn,
        status,
        throttle,
        effectiveAt,
        reason,
        version,
      })),
      ...(nextCursor ? { nextCursor } : {}),
    },
  };
});

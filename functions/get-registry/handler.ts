import { registrySnapshot } from '../../shared/domain/resellers.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { routes } from '../../shared/http/routes.js';

export const handler = httpHandler(routes.getRegistry, async ({ query, headers }, deps) => {
  // Cheap revalidation: compare the change-feed head before reading any reseller.
  const head = await deps.registry.head();
  const etag = `"${head}"`;
  const ifNoneMatch = headers['if-none-match'];
  if (
    !query.cursor &&
    ifNoneMatch &&
    ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
  ) {
    return { status: 304, headers: { etag } };
  }
  const snapshot = await registrySnapshot(deps, query.cursor);
  return { status: 200, headers: { etag: `"${snapshot.seq}"`, 'cache-control': 'no-cache' }, body: snapshot };
});

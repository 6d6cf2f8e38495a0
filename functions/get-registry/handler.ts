import { registrySnapshot, registryTag } from '../../shared/domain/resellers/registry-queries.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/resellers-and-registry.js';

export const handler = httpHandler(routes.getRegistry, async ({ query, headers }, deps) => {
  // Cheap revalidation: the tag (feed head and any passed, uncommitted instant) before any reseller.
  const { etag } = await registryTag(deps, deps.clock.now());
  const ifNoneMatch = headers['if-none-match'];
  if (
    !query.cursor &&
    ifNoneMatch &&
    ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
  ) {
    return { status: 304, headers: { etag } };
  }
  const { etag: tag, ...snapshot } = await registrySnapshot(deps, query.cursor);
  return { status: 200, headers: { etag: tag, 'cache-control': 'no-cache' }, body: snapshot };
});

import { compose, corePorts } from '../../shared/adapters/deps.js';
import { logStorePorts } from '../../shared/adapters/verifiable-registry.js';
import { NotFoundError } from '../../shared/domain/core/errors.js';
import { tileBytes } from '../../shared/domain/transparency/log-reader.js';
import { parseTilePath } from '../../shared/domain/transparency/tiles.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/verifiable-registry.js';

export const handler = httpHandler(
  routes.getLogTile,
  async ({ params }, deps) => {
    const tile = parseTilePath(params.tile);
    if (!tile) throw new NotFoundError(`no tile ${params.tile}`);
    return {
      status: 200,
      // The path names the width, so a tile (even a partial one) never changes.
      headers: { 'cache-control': 'public, max-age=31536000, immutable' },
      raw: { contentType: 'application/octet-stream', data: await tileBytes(deps.transparencyLog, tile) },
    };
  },
  { deps: () => compose(corePorts(), logStorePorts()) },
);

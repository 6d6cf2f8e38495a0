import { httpHandler } from '../../shared/http/http-handler.js';
import { buildOpenApiDocument } from '../../shared/http/openapi.js';
import * as routes from '../../shared/http/routes/ops.js';

// Built once per execution environment: the document only changes with a deploy.
let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const handler = httpHandler(routes.getOpenApi, async () => {
  document ??= buildOpenApiDocument();
  return { status: 200, headers: { 'cache-control': 'public, max-age=300' }, body: document };
});

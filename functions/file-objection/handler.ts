import { fileObjection, objectionView } from '../../shared/domain/objections/objection-use-cases.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/lifecycle.js';

export const handler = httpHandler(
  routes.fileObjection,
  async ({ principal, body }, deps) => {
    const objection = await fileObjection(deps, principal, body);
    return {
      status: 201,
      headers: { location: `/v1/objections/${objection.objectionId}` },
      body: objectionView(objection, principal),
    };
  },
  { idempotency },
);

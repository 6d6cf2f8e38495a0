import { spamStoreDeps } from '../../shared/adapters/dynamodb/spam-deps.js';
import { setFirstSenderCodes } from '../../shared/domain/spam/first-sender-codes.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/spam-and-cases.js';

export const handler = httpHandler(
  routes.putFirstSenderCodes,
  async ({ principal, params, body }, deps) => ({
    status: 200,
    body: await setFirstSenderCodes(deps, principal, params.brn, body.codes),
  }),
  { deps: spamStoreDeps },
);

import { businessClock } from '../../shared/adapters/clock.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/ops.js';

/** Local runtime only (the route is `localOnly`, so CDK never deploys it). */
export const handler = httpHandler(routes.setLocalClock, async ({ body }) => {
  const now =
    'set' in body ? businessClock.set(new Date(body.set)) : businessClock.advance(body.advanceSeconds);
  return { status: 200, body: { now: now.toISOString() } };
});

import { eligibilityOf } from '../../shared/domain/resellers.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { routes } from '../../shared/http/routes.js';

export const handler = httpHandler(routes.getEligibility, async ({ principal, params }, deps) => ({
  status: 200,
  // Relays cache nothing beyond this answer: a suspension must be visible at once.
  headers: { 'cache-control': 'no-store' },
  body: await eligibilityOf(deps, principal, params.brn),
}));

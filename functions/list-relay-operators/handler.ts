import { hasRole } from '../../shared/domain/core/principal.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import * as routes from '../../shared/http/routes/relays-and-notices.js';

export const handler = httpHandler(routes.listRelayOperators, async ({ principal }, deps) => {
  const relays = await deps.relays.list();
  const admin = hasRole(principal, 'admin');
  return {
    status: 200,
    body: {
      items: relays.map((r) => ({
        relayId: r.relayId,
        name: r.name,
        // Webhook URLs are operational detail for admins; signing secrets are never returned.
        ...(admin && r.webhookUrl ? { webhookUrl: r.webhookUrl } : {}),
      })),
    },
  };
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../infra/local/paths.js';
import { type Role, roles } from '../../../shared/domain/principal.js';
import { deployedRoutes, type RouteDef } from '../../../shared/http/routes.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';
import { principals } from '../../support/fakes.js';

// Before any handler (and its logger) loads.
testEnv();

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;

const principalOf: Record<Role, () => ReturnType<(typeof principals)['admin']>> = {
  reseller: () => principals.reseller('2208162517'),
  relay: () => principals.relay('kt'),
  reviewer: principals.reviewer,
  committee: principals.committee,
  monitor: principals.monitor,
  regulator: principals.regulator,
  admin: principals.admin,
};

/** Every (route, role) pair the route table refuses: the role check answers 403 before anything else. */
const refused = deployedRoutes
  .filter((r): r is RouteDef & { auth: readonly Role[] } => r.auth !== 'public')
  .flatMap((route) =>
    roles.filter((role) => !route.auth.includes(role)).map((role) => [route, role] as const),
  );

describe('role matrix', () => {
  it.each(refused.map(([route, role]) => [route.operationId, role, route] as const))(
    '%s refuses %s with 403',
    async (_op, role, route) => {
      const mod = (await import(join(repoRoot, 'functions', route.function, 'handler.ts'))) as {
        handler: Handler;
      };
      const res = await mod.handler(
        apiEvent({
          method: route.method,
          path: route.path,
          principal: principalOf[role](),
          // Path parameters that fail validation would answer 400 — but the role check comes first.
          pathParameters: { brn: 'x', applicationId: 'x', inspectionId: 'x', caseId: 'x' },
          ...(route.body ? { body: {} } : {}),
        }),
        lambdaContext,
      );
      expect(res.statusCode).toBe(403);
    },
  );
});

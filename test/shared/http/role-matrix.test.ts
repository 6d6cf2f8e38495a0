import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../infra/local/paths.js';
import type { Principal, Role } from '../../../shared/domain/core/principal.js';
import type { RouteDef } from '../../../shared/http/routes.js';
import { apiEvent, lambdaContext, testEnv } from '../../support/events.js';

// Before any handler (and its logger) loads.
testEnv();
const { roles } = await import('../../../shared/domain/core/principal.js');
const { deployedRoutes } = await import('../../../shared/http/routes.js');

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;

const principalOf = (role: Role): Principal => ({
  subject: `sub-${role}`,
  roles: [role],
  ...(role === 'reseller' ? { brn: '2208162517' } : {}),
  ...(role === 'relay' ? { relayId: 'kt' } : {}),
});

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
          principal: principalOf(role),
          // Path parameters that fail validation would answer 400 — but the role check comes first.
          pathParameters: {
            brn: 'x',
            applicationId: 'x',
            inspectionId: 'x',
            caseId: 'x',
            changeReportId: 'x',
          },
          ...(route.body ? { body: {} } : {}),
        }),
        lambdaContext,
      );
      expect(res.statusCode).toBe(403);
    },
  );
});

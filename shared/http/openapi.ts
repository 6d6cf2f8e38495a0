import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { problemSchema } from '../schemas/common.js';
import { noticeWebhookSchema } from '../schemas/notices.js';
import { deployedRoutes, type RouteDef } from './routes.js';

const ERROR_STATUSES: Record<string, string> = {
  '400': 'invalid input; `errors` names each field',
  '401': 'no or bad token',
  '403': 'role not allowed',
  '404': 'not found, or not yours',
  '409': 'conflicting state',
  '413': 'body larger than 1 MiB',
  '415': 'not JSON',
  '429': 'throttled',
};

function errorResponses(route: RouteDef) {
  const wanted = [
    '400',
    ...(route.auth !== 'public' ? ['401', '403', '404'] : []),
    ...(route.body ? ['409', '413', '415'] : []),
    '429',
  ];
  return Object.fromEntries(
    wanted.map((s) => [
      s,
      { description: ERROR_STATUSES[s]!, content: { 'application/problem+json': { schema: problemSchema } } },
    ]),
  );
}

/** The OpenAPI 3.1 document, generated from the route table and its zod schemas. */
export function buildOpenApiDocument(serverUrl = '/') {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'cognito', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Cognito user pool token; roles are its groups (cognito:groups)',
  });
  for (const route of deployedRoutes) {
    const roles = route.auth === 'public' ? 'none' : route.auth.join(', ');
    registry.registerPath({
      method: route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete',
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      description: `Roles: ${roles}.${route.idempotent ? ' Honours an Idempotency-Key header.' : ''}`,
      ...(route.auth === 'public' ? {} : { security: [{ cognito: [] }] }),
      request: {
        ...(route.params ? { params: route.params as z.ZodObject } : {}),
        ...(route.query ? { query: route.query as z.ZodObject } : {}),
        ...(route.idempotent
          ? { headers: z.object({ 'idempotency-key': z.string().min(8).max(128).optional() }) }
          : {}),
        ...(route.body
          ? {
              body: {
                required: true,
                content: {
                  'application/json': { schema: route.body },
                  ...Object.fromEntries((route.alsoAccepts ?? []).map((t) => [t, { schema: z.string() }])),
                },
              },
            }
          : {}),
      },
      responses: {
        [String(route.success.status)]: {
          description: route.success.description,
          ...(route.success.schema
            ? { content: { 'application/json': { schema: route.success.schema } } }
            : {}),
        },
        ...errorResponses(route),
      },
    });
  }
  // What the registry POSTs to each relay's webhook URL (one notice per relay per change).
  registry.registerWebhook({
    method: 'post',
    path: 'resellerNotice',
    summary: 'A reseller’s eligibility changed (signed per Standard Webhooks)',
    request: { body: { content: { 'application/json': { schema: noticeWebhookSchema } } } },
    responses: {
      '204': { description: 'received; any 2xx acknowledges delivery, anything else is retried' },
    },
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Bulk Text Message Transmission Qualification Registry',
      version: '1.0.0',
      description:
        'Certification registry for bulk-text resellers (대량문자 전송자격인증제), HTTP contract v1.',
    },
    servers: [{ url: serverUrl }],
  });
}

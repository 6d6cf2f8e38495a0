import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './http/logger.js';

/**
 * What every Lambda entry point shares, HTTP (shared/http/http-handler.ts) and queue or stream
 * (shared/batch/batch-handler.ts) alike: the one structured logger with the invocation's context
 * and a correlation id, and the one metrics buffer (EMF) flushed at the end of each invocation.
 */
export { logger };

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'BulkTextRegistry',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'bulk-text-registry',
});

/**
 * The correlation id of an invocation: what ties its log lines to the caller's request (API
 * Gateway's request id for HTTP, the message or stream record for consumers).
 */
export type CorrelationIdOf<E> = (event: E, context: Context) => string | undefined;

/**
 * The outermost middlewares of a handler: Lambda context and correlation id on every log line
 * (reset after the invocation, so nothing leaks into the next one), then the stored metrics
 * published once. Only metrics that were added are published: an invocation that measured nothing
 * writes no empty EMF document.
 */
export function observability<E, R>(correlationIdOf: CorrelationIdOf<E>): MiddlewareObj<E, R>[] {
  const flush = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return [
    injectLambdaContext(logger, { resetKeys: true }) as MiddlewareObj<E, R>,
    {
      before: (request) => {
        const id = correlationIdOf(request.event, request.context);
        if (id) logger.setCorrelationId(id);
      },
      after: flush,
      onError: flush,
    },
  ];
}

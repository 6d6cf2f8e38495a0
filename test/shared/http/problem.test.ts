import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../../shared/domain/core/errors.js';
import { QueueUnavailableError } from '../../../shared/domain/spam/attribution.js';
import { problemFor, problemHeaders, RETRY_AFTER_SECONDS } from '../../../shared/http/problem.js';

const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} at arn:aws:dynamodb:secret`), { name, ...extra });

describe('problemFor: an unavailable dependency is a 503 with Retry-After', () => {
  it.each([
    [
      'a throttled table (ProvisionedThroughputExceededException)',
      named('ProvisionedThroughputExceededException'),
    ],
    ['throttling (ThrottlingException)', named('ThrottlingException')],
    ['the account limit (RequestLimitExceeded)', named('RequestLimitExceeded')],
    ['SQS throttling (RequestThrottled)', named('RequestThrottled')],
    ['an unavailable service (ServiceUnavailable)', named('ServiceUnavailable')],
    ['an unavailable service (ServiceUnavailableException)', named('ServiceUnavailableException')],
    ['an SDK timeout (TimeoutError)', named('TimeoutError')],
    ['a refused connection (ECONNREFUSED)', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })],
    ['a reset connection (ECONNRESET)', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['an error the SDK marks retryable', Object.assign(new Error('x'), { $retryable: { throttling: true } })],
    ['a 5xx answer', Object.assign(new Error('x'), { $metadata: { httpStatusCode: 502 } })],
  ])('maps %s', (_kind, error) => {
    const p = problemFor(error);
    expect(p).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(p.detail).not.toContain('arn:aws');
    expect(problemHeaders(p)).toEqual({ 'retry-after': String(RETRY_AFTER_SECONDS) });
  });

  it('maps the SDK class of a throttled table', () => {
    const error = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    expect(problemFor(error).status).toBe(503);
  });

  it('maps a transaction cancelled by throttling, but not one cancelled by a condition', () => {
    const cancelled = (Code: string) =>
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: { httpStatusCode: 400 },
        CancellationReasons: [{ Code: 'None' }, { Code }],
      });
    expect(problemFor(cancelled('ThrottlingError')).status).toBe(503);
    expect(problemFor(cancelled('ConditionalCheckFailed')).status).toBe(500);
  });

  it('tells the caller what a named unavailability says to do', () => {
    expect(problemFor(new QueueUnavailableError('3 entries failed'))).toMatchObject({
      status: 503,
      detail: expect.stringMatching(/retry the whole call/i),
    });
    const health = new DependencyUnavailableError('seed missing', { detail: 'seed data is not loaded yet' });
    expect(problemFor(health)).toMatchObject({ status: 503, detail: 'seed data is not loaded yet' });
  });
});

describe('problemFor: everything else', () => {
  it('maps domain errors to their status, with the field errors of a validation error', () => {
    const invalid = new ValidationError('bad', [{ path: 'body.brn', message: 'check digit' }]);
    expect(problemFor(invalid)).toMatchObject({ status: 400, errors: [{ path: 'body.brn' }] });
    expect(problemFor(new ForbiddenError('no')).status).toBe(403);
    expect(problemFor(new NotFoundError('gone')).status).toBe(404);
    expect(problemFor(new ConflictError('stale')).status).toBe(409);
  });

  it('maps an unknown error, a non-retryable SDK error and a 4xx answer to a bare 500 without Retry-After', () => {
    for (const error of [
      new Error('secret at arn:aws:x'),
      named('ValidationException', { $metadata: { httpStatusCode: 400 } }),
      named('AccessDeniedException', { $metadata: { httpStatusCode: 403 } }),
    ]) {
      const p = problemFor(error);
      expect(p.status).toBe(500);
      expect(p.detail).not.toContain('arn:aws');
      expect(problemHeaders(p)).toEqual({});
    }
  });
});

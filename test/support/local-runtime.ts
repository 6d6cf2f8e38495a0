import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../infra/local/runtime.js';

/**
 * One table prefix per test file (each file runs in its own process): every runtime this file starts
 * uses the same tables, because handlers keep the environment of their first cold start.
 */
const filePrefix = `t${randomBytes(4).toString('hex')}`;

/**
 * The whole local system on an ephemeral port against the run's shared DynamoDB Local, with this
 * file's own tables, seeded. Call `stop()` in afterAll.
 */
export function startTestRuntime(overrides: Partial<LocalRuntimeOptions> = {}): Promise<LocalRuntime> {
  // The handlers' own request lines (Powertools) stay out of test output; warnings and errors still show.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  // Receivers on a loaded machine can be slow to answer: a webhook timeout would mean a retry and a
  // second delivery (at least once), which tests counting deliveries would see. The longest allowed.
  process.env.WEBHOOK_TIMEOUT_MS ??= '30000';
  return startLocalRuntime({
    port: 0,
    host: '127.0.0.1',
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tablePrefix: filePrefix,
    quiet: true,
    ...overrides,
  });
}

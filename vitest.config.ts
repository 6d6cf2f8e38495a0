import { defineConfig } from 'vitest/config';
import { WAIT_MS } from './test/support/eventually.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local for the whole run; each test file gets its own tables (test/support/local-runtime.ts).
    globalSetup: ['test/global-setup.ts', 'test/console/build-console.ts'],
    setupFiles: ['aws-sdk-client-mock-vitest/extend'],
    // A process per test file: handlers read their environment once per process, like a Lambda environment.
    pool: 'forks',
    // Limits only stop a test that would never finish: a loaded 2-core machine runs five times slower,
    // tests wait on conditions (test/support/eventually.ts) and never assert speed (`npm run bench` does).
    testTimeout: 2 * WAIT_MS,
    hookTimeout: 2 * WAIT_MS,
    expect: { poll: { timeout: WAIT_MS } },
    // Quiet unless a test fails: a passing test's console output (the runtime's warnings, measured
    // figures, handler log lines) is dropped; a failing test's is printed with its failure.
    silent: 'passed-only',
    env: {
      // Powertools logs and metrics through the global console (which Vitest captures, so `silent`
      // applies to them too) instead of writing to stdout directly; metrics stay enabled.
      POWERTOOLS_DEV: 'true',
      POWERTOOLS_METRICS_DISABLED: 'false',
    },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local for the whole run; each test file gets its own tables (test/support/local-runtime.ts).
    globalSetup: ['test/global-setup.ts', 'test/console/build-console.ts'],
    setupFiles: ['aws-sdk-client-mock-vitest/extend'],
    // A process per test file: handlers read their environment once per process, like a Lambda environment.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Runs only the workflow-engine tests, without the DynamoDB Local global setup they do not need. */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['test/local/workflows/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});

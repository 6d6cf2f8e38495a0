import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console is served under /console/ (the local runtime, and CloudFront in AWS). Preact's JSX runtime
 * is picked by the TypeScript settings (console/tsconfig.json); no framework plugin is needed.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Reported by `npm run bench`; the first screen must stay well under 250 KB gzipped.
    reportCompressedSize: false,
  },
});

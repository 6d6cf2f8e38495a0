import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda is bundled. CDK's NodejsFunction (infra/constructs/app-function.ts), the
 * benchmarks (bench/bundles.ts) and the bundle tests all build with these, so the sizes measured
 * are the sizes deployed.
 */

/** ESM needs `require` for the few CommonJS dependencies esbuild inlines: without the banner's createRequire they fail at import. */
export const ESM_REQUIRE_BANNER =
  "import{createRequire}from'node:module';const require=createRequire(import.meta.url);";

export const LAMBDA_TARGET = 'node24';
export const LAMBDA_MAIN_FIELDS = ['module', 'main'];

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Dependencies swapped for smaller stand-ins in Lambda bundles only (locally and in tests the real
 * packages run). Lambda's credentials come from the environment, so the SDK's full provider chain
 * (SSO, INI, web identity, instance metadata and their nested STS/SSO clients, ~100 KB minified) is
 * swapped for the env provider.
 */
export const LAMBDA_ALIASES = {
  '@aws-sdk/credential-provider-node': here('./lambda-credentials.ts'),
  // No function calls an event-stream operation: the codec the protocol layer imports stays out.
  '@smithy/core/event-streams': here('./no-event-streams.ts'),
  // The SDK's endpoint-discovery cache is built but never filled: a Map-backed LRU replaces mnemonist's.
  'mnemonist/lru-cache': here('./lru-cache.ts'),
};

/** The same build as esbuild options (bench and tests); CDK gets it through its bundling props. */
export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: LAMBDA_TARGET,
  mainFields: LAMBDA_MAIN_FIELDS,
  banner: { js: ESM_REQUIRE_BANNER },
  minify: true,
  legalComments: 'none',
  alias: LAMBDA_ALIASES,
} satisfies BuildOptions;

/** License comments are dropped from the minified output. */
export const LAMBDA_ESBUILD_ARGS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(LAMBDA_ALIASES).map(([from, to]) => [`--alias:${from}`, to])),
  '--legal-comments': 'none',
};

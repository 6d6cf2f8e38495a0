import { fileURLToPath } from 'node:url';

/**
 * How every Lambda is bundled. CDK's NodejsFunction (infra/constructs/app-function.ts) and the
 * benchmarks (bench/bundles.ts) both build with these, so the sizes measured are the sizes deployed.
 */

/** ESM needs `require` for the few CommonJS dependencies esbuild inlines: without the banner's createRequire they fail at import. */
export const ESM_REQUIRE_BANNER =
  "import{createRequire}from'node:module';const require=createRequire(import.meta.url);";

export const LAMBDA_TARGET = 'node24';
export const LAMBDA_MAIN_FIELDS = ['module', 'main'];

/**
 * Lambda's credentials come from the environment, so the SDK's full provider chain (SSO, INI,
 * web identity, instance metadata and their nested STS/SSO clients, ~100 KB minified) is swapped
 * for the env provider; license comments are dropped from the minified output.
 */
export const CREDENTIALS_ALIAS = {
  '@aws-sdk/credential-provider-node': fileURLToPath(new URL('./lambda-credentials.ts', import.meta.url)),
  // No function calls an event-stream operation: the codec the protocol layer imports stays out.
  '@smithy/core/event-streams': fileURLToPath(new URL('./no-event-streams.ts', import.meta.url)),
};

export const LAMBDA_ESBUILD_ARGS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(CREDENTIALS_ALIAS).map(([from, to]) => [`--alias:${from}`, to])),
  '--legal-comments': 'none',
};

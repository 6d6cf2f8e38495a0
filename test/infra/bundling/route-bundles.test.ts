import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUILD_OPTIONS } from '../../../infra/bundling/options.js';
import { repoRoot } from '../../../infra/local/paths.js';
import { deployedRoutes } from '../../../shared/http/routes.js';

/** What each HTTP function's bundle is built from (the deployed build, metafile only). */
async function inputsOf(fn: string): Promise<string[]> {
  const result = await build({
    ...LAMBDA_BUILD_OPTIONS,
    entryPoints: [join(repoRoot, 'functions', fn, 'handler.ts')],
    outfile: join(repoRoot, '.bench', 'route-bundles', fn, 'index.mjs'),
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const output = Object.values((result.metafile as Metafile).outputs)[0]!;
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
}

const bundles = new Map<string, string[]>();
const has = (fn: string, part: string) => bundles.get(fn)!.some((p) => p.includes(part));

describe('HTTP function bundles hold only what their route needs', () => {
  beforeAll(async () => {
    for (const route of deployedRoutes) bundles.set(route.function, await inputsOf(route.function));
  }, 300_000);

  it('no handler but the OpenAPI one carries the composed route table or the OpenAPI generator', () => {
    for (const route of deployedRoutes) {
      const isOpenApi = route.function === 'get-openapi';
      expect(has(route.function, 'shared/http/routes.ts'), route.function).toBe(isOpenApi);
      expect(has(route.function, '@asteasolutions/zod-to-openapi'), route.function).toBe(isOpenApi);
    }
  });

  it('Powertools idempotency is bundled exactly where the route honours Idempotency-Key', () => {
    for (const route of deployedRoutes) {
      expect(has(route.function, '@aws-lambda-powertools/idempotency'), route.function).toBe(
        Boolean(route.idempotent),
      );
    }
  });

  it('a route keeps its own schemas, not its neighbours’ (inspections without objections or sanctions)', () => {
    expect(has('read-inspections', 'shared/schemas/inspections.ts')).toBe(true);
    for (const other of ['objections.ts', 'sanctions.ts', 'applications.ts', 'change-reports.ts', 'audit.ts'])
      expect(has('read-inspections', `shared/schemas/${other}`), other).toBe(false);
    expect(has('get-monthly-statistics', 'shared/schemas/spam.ts')).toBe(false);
    expect(has('get-eligibility', 'shared/schemas/registry.ts')).toBe(false);
  });

  it('mnemonist stays out: the endpoint-discovery cache gets the Map-backed LRU', () => {
    for (const route of deployedRoutes) expect(has(route.function, 'mnemonist'), route.function).toBe(false);
    expect(has('get-eligibility', 'infra/bundling/lru-cache.ts')).toBe(true);
  });
});

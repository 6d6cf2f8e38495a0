import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/local/paths.js';
import { stateMachines, taskFunctions } from '../../shared/topology.js';

/** asl-validator ships no types: the slice of its API used here. */
const validator = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
  options: { checkArn: boolean; checkPaths: boolean },
) => { isValid: boolean; errors: unknown[] };

const tokens = (text: string) => new Set([...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!));

describe.each(stateMachines.map((sm) => [sm.file, sm] as const))('%s', (_file, sm) => {
  const text = readFileSync(join(repoRoot, sm.file), 'utf8');

  it('has a substitution for every token placeholder and no unused substitution', () => {
    expect([...tokens(text)].sort()).toEqual(Object.keys(sm.functionArns).sort());
  });

  it('substitutes only functions the topology deploys', () => {
    const deployed = new Set(taskFunctions.map((f) => f.function));
    for (const fn of Object.values(sm.functionArns)) expect(deployed).toContain(fn);
  });

  it('passes asl-validator with ARN and path checks', () => {
    const definition = JSON.parse(
      text.replace(/\$\{(\w+)\}/g, (_m, t) => `arn:aws:lambda:ap-northeast-2:123456789012:function:${t}`),
    );
    const result = validator(definition, { checkArn: true, checkPaths: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('uses JSONPath only, and no HeartbeatSeconds on human steps', () => {
    const definition = JSON.parse(text);
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(text).not.toContain('HeartbeatSeconds');
  });
});

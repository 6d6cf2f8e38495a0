import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { applyDefinitionSubstitutions } from '../../../infra/local/workflows/engine.js';
import { FIXTURES, fixture, lambdaArn } from './helpers.js';

type AslValidator = (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => { isValid: boolean; errorsText(separator?: string): string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

/** Every `${Token}` becomes a Lambda ARN (or a table name), as CDK's definitionSubstitutions would supply. */
function substituted(text: string): unknown {
  const keys = [...text.matchAll(/\$\{([^}]+)\}/g)].map((match) => match[1] as string);
  const substitutions = Object.fromEntries(
    keys.map((key) => [key, key.endsWith('Arn') ? lambdaArn(key.replace(/FunctionArn$/, '')) : key]),
  );
  return JSON.parse(applyDefinitionSubstitutions(text, substitutions));
}

const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.asl.json'));

describe('ASL fixtures', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s is valid ASL (asl-validator, ARNs and paths checked) and uses JSONPath only', (file) => {
    const text = fixture(file);
    const result = aslValidator(substituted(text), { checkArn: true, checkPaths: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    expect(text).not.toContain('JSONata');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../console/scripts/generate-api-types.js';

describe('the console’s API types', () => {
  it('are generated from the current OpenAPI document (run `npm run console:types` after a contract change)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await generateApiTypes());
  });
});

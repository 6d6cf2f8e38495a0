import type * as z from 'zod';
import type { Validator } from '../domain/core/validation.js';
import { zodFieldErrors } from './field-errors.js';

/** A domain validator backed by a schema; error paths start at `root` (empty: relative to the value). */
export function validatorOf<S extends z.ZodType>(schema: S, root = ''): Validator<z.output<S>> {
  return (raw) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return { ok: true, value: parsed.data };
    const errors = zodFieldErrors(parsed.error, root);
    return {
      ok: false,
      errors: root ? errors : errors.map((e) => ({ ...e, path: e.path.replace(/^\./, '') })),
    };
  };
}

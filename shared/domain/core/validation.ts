import type { FieldError } from './errors.js';

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * Checks one raw value against its contract. The contracts (zod schemas) live at the edge in
 * shared/schemas, so the domain asks for a validator instead of importing one; error paths are
 * relative to the value (`category`, `representative.email`), or rooted where the edge says.
 */
export type Validator<T> = (raw: unknown) => Validation<T>;

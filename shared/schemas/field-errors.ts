import type { ZodError } from 'zod';
import type { FieldError } from '../domain/core/errors.js';

/** `body.representative.email`, `query.limit`, `body[3].brn`: the field a caller must fix. */
export function zodFieldErrors(error: ZodError, root: string): FieldError[] {
  return error.issues.map((issue) => {
    let path = root;
    for (const part of issue.path) path += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
    return { path: path || '(root)', message: issue.message };
  });
}

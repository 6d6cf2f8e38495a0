import { workflowDeps } from '../../shared/adapters/sfn/review-workflow.js';
import { ValidationError } from '../../shared/domain/core/errors.js';
import { importExistingResellers } from '../../shared/domain/grace/existing-reseller-import.js';
import { parseCsvRows } from '../../shared/http/csv.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/admin-and-policy.js';
import { zodFieldErrors } from '../../shared/schemas/field-errors.js';
import { existingResellerImportSchema, validateExistingResellerRow } from '../../shared/schemas/registry.js';

export const handler = httpHandler(
  routes.importExistingResellers,
  async ({ principal, body, rawBody }, deps) => {
    let rows: unknown[] = body ?? [];
    if (rawBody) {
      const parsed = existingResellerImportSchema.safeParse(parseCsvRows(rawBody.text, ['relayOperatorIds']));
      if (!parsed.success)
        throw new ValidationError('the CSV body is invalid', zodFieldErrors(parsed.error, 'body'));
      rows = parsed.data;
    }
    const results = await importExistingResellers(deps, principal, rows, validateExistingResellerRow);
    return { status: 200, body: { results } };
  },
  { deps: workflowDeps, idempotency },
);

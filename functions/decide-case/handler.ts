import { decideCase } from '../../shared/domain/cases/case-decision.js';
import { sanctionView } from '../../shared/domain/sanctions/sanctions.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { idempotency } from '../../shared/http/idempotency.js';
import * as routes from '../../shared/http/routes/spam-and-cases.js';

export const handler = httpHandler(
  routes.decideCase,
  async ({ principal, params, body }, deps) => {
    const { spamCase, sanction, basis, note, reseller } = await decideCase(
      deps,
      principal,
      params.caseId,
      body,
    );
    return {
      status: 200,
      body: {
        caseId: spamCase.caseId,
        brn: spamCase.brn,
        status: spamCase.status,
        decision: spamCase.decision!,
        decidedAt: spamCase.decidedAt!,
        comment: spamCase.comment ?? '',
        sanction: sanction ? sanctionView(sanction, reseller, principal, deps.clock.now()) : null,
        basis,
        ...(note ? { note } : {}),
      },
    };
  },
  { idempotency },
);

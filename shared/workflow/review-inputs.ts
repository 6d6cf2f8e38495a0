import * as z from 'zod';

/** The shapes Step Functions hands the review tasks (see statemachines/certification-review.asl.json). */
export const humanStepSchema = z.enum([
  'DOCUMENT_REVIEW',
  'SUPPLEMENT_REQUESTED',
  'INSPECTION',
  'COMMITTEE_REVIEW',
]);

export const stepDecisionSchema = z.object({
  decisionId: z.string().min(1),
  step: humanStepSchema,
  outcome: z.enum(['PASS', 'REQUEST_SUPPLEMENT', 'REJECT', 'SUPPLEMENTED', 'FAIL', 'APPROVE', 'TIMEOUT']),
  failedItems: z.array(z.string()),
  comment: z.string().optional(),
  actor: z.string(),
  /** Absent on a timeout raised by the workflow itself: the business clock stamps it. */
  at: z.string().optional(),
  inspectedAt: z.string().optional(),
  supplementSeconds: z.number().int().positive().optional(),
  checklist: z
    .array(z.object({ item: z.string(), evidence: z.string(), documents: z.array(z.string()).optional() }))
    .optional(),
});

export const applicationRef = z.object({ applicationId: z.string().min(1) });

export const openStepInput = z.object({
  applicationId: z.string().min(1),
  step: humanStepSchema,
  taskToken: z.string().min(1),
  timeoutSeconds: z.number().int().positive(),
  decision: stepDecisionSchema.nullable(),
});

export const finalizeInput = z.object({ applicationId: z.string().min(1), decision: stepDecisionSchema });
export const escalateInput = z.object({ applicationId: z.string().min(1), step: humanStepSchema });
export const failureInput = z.object({
  applicationId: z.string().min(1),
  error: z.object({ Error: z.string(), Cause: z.string().optional() }),
});

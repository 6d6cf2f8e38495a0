import { ApplicationClosedError } from '../core/errors.js';
import { policyAt } from '../policy/policy.js';
import type { Deps } from '../ports.js';
import {
  advance,
  annualInspection,
  type Inspection,
  type InspectionStep,
  nextInspectionStep,
} from './inspection.js';

/**
 * The inspection workflow's steps. Time moves an inspection (it opens, it falls overdue); people
 * record results through the API. Every step is one conditional write and safe to retry.
 */
type StepDeps = Pick<Deps, 'inspections' | 'resellers' | 'registry' | 'notifier' | 'clock' | 'policies'>;

/** Nothing is left to do once the reseller no longer holds a certificate (revoked, lapsed and gone). */
export async function planInspectionStep(
  deps: Pick<Deps, 'inspections' | 'resellers'>,
  inspectionId: string,
): Promise<InspectionStep> {
  const inspection = await deps.inspections.get(inspectionId);
  if (!inspection) return { action: 'DONE' };
  const reseller = await deps.resellers.get(inspection.brn);
  if (!reseller?.certificate || reseller.revokedAt) return { action: 'DONE' };
  return nextInspectionStep(inspection);
}

/** Opens a visit (the reseller is reminded) or escalates one that staff left past its due time. */
export async function runInspectionStep(
  deps: StepDeps,
  inspectionId: string,
  step: { action: 'OPEN' | 'ESCALATE'; at: string },
): Promise<{ opened?: boolean; escalated?: boolean }> {
  const inspection = await deps.inspections.get(inspectionId);
  if (!inspection) throw new ApplicationClosedError(`no inspection ${inspectionId}`);
  const now = deps.clock.now();
  const at = now.toISOString();
  if (step.action === 'OPEN') {
    if (inspection.status === 'SCHEDULED' || inspection.status === 'CORRECTIVE') {
      const opened = advance(inspection, { status: 'OPEN' }, { actor: 'system', action: 'OPENED' }, at);
      await deps.registry.commit({
        records: [{ kind: 'inspection', before: inspection, after: opened }],
        audit: [
          {
            entity: `inspection#${inspectionId}`,
            at,
            actor: 'system',
            action: 'INSPECTION_OPENED',
            detail: { brn: inspection.brn, kind: inspection.kind, dueAt: inspection.dueAt },
          },
        ],
      });
    } else if (inspection.status !== 'OPEN') {
      return { opened: false };
    }
    // Sent after the write; a retried step sends it once (the notifier is idempotent by id).
    await deps.notifier.send({
      notificationId: `inspection-open-${inspectionId}`,
      brn: inspection.brn,
      kind: 'INSPECTION_REMINDER',
      at,
      subject:
        inspection.kind === 'REINSPECTION'
          ? 'Re-inspection open: the corrective period has ended'
          : `Annual inspection open; due by ${inspection.dueAt}`,
      detail: { inspectionId, kind: inspection.kind, dueAt: inspection.dueAt },
    });
    return { opened: true };
  }
  // Staff lateness: escalate once, never touch the reseller's eligibility.
  if (inspection.status !== 'OPEN' || inspection.escalatedAt || at < inspection.dueAt) {
    return { escalated: false };
  }
  const escalated = advance(
    inspection,
    { escalatedAt: at, assignee: undefined },
    {
      actor: 'system',
      action: 'ESCALATED',
      comment: `overdue since ${inspection.dueAt}; taken from ${inspection.assignee ?? 'nobody'} to the committee`,
    },
    at,
  );
  delete escalated.assignee;
  await deps.registry.commit({
    records: [{ kind: 'inspection', before: inspection, after: escalated }],
    audit: [
      {
        entity: `inspection#${inspectionId}`,
        at,
        actor: 'system',
        action: 'INSPECTION_OVERDUE',
        detail: { brn: inspection.brn, dueAt: inspection.dueAt, assignee: inspection.assignee ?? null },
      },
    ],
  });
  return { escalated: true };
}

/** The first annual inspection of a new certificate, written with it (see review.ts finalize). */
export function inspectionAtIssuance(
  deps: Pick<Deps, 'ids'>,
  input: {
    brn: string;
    certificateId: string;
    issuedAt: string;
    policy: Parameters<typeof annualInspection>[0]['policy'];
  },
): Inspection {
  return annualInspection({
    inspectionId: deps.ids.next('insp'),
    brn: input.brn,
    certificateId: input.certificateId,
    from: input.issuedAt,
    policy: input.policy,
    now: input.issuedAt,
    actor: 'system',
  });
}

/** Starts an inspection's workflow; if that fails now, the daily sweep starts it (named executions). */
export async function startInspection(deps: Pick<Deps, 'inspectionWorkflows'>, inspectionId: string) {
  try {
    await deps.inspectionWorkflows.start(inspectionId);
    return true;
  } catch {
    return false;
  }
}

export async function currentInspectionPolicy(deps: Pick<Deps, 'policies'>, now: Date) {
  return policyAt(await deps.policies.versions(), now).parameters;
}

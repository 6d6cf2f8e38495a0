import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { actorOf, isStaff, mayReadReseller, type Principal } from '../core/principal.js';
import { addMonths, type PolicyParameters, policyAt } from '../policy/policy.js';
import type { AuditEntry, Deps, Page, PageRequest } from '../ports.js';
import { announce } from '../resellers/announce-change.js';
import type { Reseller } from '../resellers/eligibility.js';
import { dueAfterDays } from '../time/kst-dates.js';
import { acceptedReseller, type ChangeReport, type ProfileData, screenChange } from './change-report.js';

type UseCaseDeps = Pick<
  Deps,
  'resellers' | 'applications' | 'changeReports' | 'registry' | 'policies' | 'clock' | 'ids'
>;

/** The profile in force: the last accepted change's, else the approved application's data. */
async function profileOf(deps: Pick<Deps, 'applications'>, r: Reseller): Promise<ProfileData> {
  if (r.profile) return r.profile;
  const app = r.certificate ? await deps.applications.get(r.certificate.applicationId) : undefined;
  if (!app) throw new ConflictError(`reseller ${r.brn} has no application data to change`);
  const s = app.submission;
  return {
    representative: s.representative,
    officeAddress: s.officeAddress,
    paidInCapitalKrw: s.paidInCapitalKrw,
    antiSpamStaff: s.antiSpamStaff,
    bankAccount: s.bankAccount,
    relayOperatorIds: s.relayOperatorIds,
    serviceTypes: s.serviceTypes,
  };
}

/** The reseller with the change applied, announced (its eligibility does not move by a change). */
function applied(
  before: Reseller,
  profile: ProfileData,
  report: ChangeReport,
  policy: PolicyParameters,
  now: Date,
) {
  return announce(before, acceptedReseller(before, profile, report.changes), policy, now).reseller;
}

function revisedAudit(r: Reseller, report: ChangeReport, actor: string, at: string): AuditEntry {
  return {
    entity: `reseller#${r.brn}`,
    at,
    actor,
    action: 'CERTIFICATE_REVISED',
    detail: {
      certificateId: r.certificate?.certificateId ?? null,
      revision: r.certificate?.revision ?? null,
      changeReportId: report.changeReportId,
      fields: Object.keys(report.changes),
    },
  };
}

export interface ChangeReportBody {
  changedAt: string;
  changes: Partial<ProfileData>;
  comment?: string;
}

/**
 * `POST /v1/resellers/{brn}/change-reports` (its owner): screened at once. A hard screening
 * failure rejects it; a material change or a ghost flag goes to a reviewer; anything else is
 * recorded and applied at once, with the certificate's new revision, in one transaction.
 */
export async function submitChangeReport(
  deps: UseCaseDeps,
  principal: Principal,
  brn: string,
  body: ChangeReportBody,
): Promise<ChangeReport> {
  if (!principal.roles.includes('reseller') || principal.brn !== brn)
    throw new NotFoundError(`no reseller ${brn}`);
  const now = deps.clock.now();
  const at = now.toISOString();
  if (Date.parse(body.changedAt) > now.getTime()) {
    throw new ValidationError('a change cannot be reported before it happens', [
      { path: 'body.changedAt', message: 'must not be in the future' },
    ]);
  }
  const reseller = await deps.resellers.get(brn);
  if (!reseller?.certificate || reseller.revokedAt) {
    throw new ConflictError(`reseller ${brn} holds no certificate whose data could change`);
  }
  const policy = policyAt(await deps.policies.versions(), now).parameters;
  const [profile, badStanding] = await Promise.all([
    profileOf(deps, reseller),
    deps.resellers.listInBadStanding(addMonths(now, -policy.ghostRegistrationWindowMonths).toISOString()),
  ]);
  const screening = screenChange({
    brn,
    profile,
    changes: body.changes,
    changedAt: body.changedAt,
    reportedAt: at,
    badStanding,
    policy,
  });
  const actor = actorOf(principal);
  const status =
    screening.failedItems.length > 0
      ? 'REJECTED'
      : screening.material.length > 0 || screening.flags.length > 0
        ? 'UNDER_REVIEW'
        : 'RECORDED';
  const report: ChangeReport = {
    changeReportId: deps.ids.next('chg'),
    brn,
    certificateId: reseller.certificate.certificateId,
    status,
    changedAt: body.changedAt,
    reportedAt: at,
    reportBy: screening.reportBy,
    late: screening.late,
    changes: body.changes,
    material: screening.material,
    failedItems: screening.failedItems,
    reasons: screening.reasons,
    flags: screening.flags,
    ...(body.comment ? { comment: body.comment } : {}),
    ...(status === 'UNDER_REVIEW' ? { dueAt: dueAfterDays(at, policy.staffStepDeadlineDays) } : {}),
    history: [
      { at, actor, action: 'REPORTED' },
      ...(status === 'REJECTED'
        ? [{ at, actor: 'system', action: 'SCREENING_REJECTED', comment: screening.reasons.join('; ') }]
        : []),
    ],
    revision: 1,
  };
  const after = status === 'RECORDED' ? applied(reseller, profile, report, policy, now) : undefined;
  await deps.registry.commit({
    records: [{ kind: 'changeReport', before: undefined, after: report }],
    ...(after ? { reseller: { before: reseller, after } } : {}),
    audit: [
      {
        entity: `change-report#${report.changeReportId}`,
        at,
        actor,
        action: `CHANGE_REPORT_${status}`,
        detail: {
          brn,
          fields: Object.keys(body.changes),
          late: report.late,
          failedItems: report.failedItems,
          flags: report.flags.length,
        },
      },
      ...(after ? [revisedAudit(after, report, actor, at)] : []),
    ],
  });
  return report;
}

/** `POST /v1/change-reports/{id}/review`: a reviewer accepts or rejects a report UNDER_REVIEW (409 otherwise). */
export async function reviewChangeReport(
  deps: UseCaseDeps,
  principal: Principal,
  changeReportId: string,
  body: { decision: 'ACCEPT' | 'REJECT'; comment: string },
): Promise<ChangeReport> {
  const before = await deps.changeReports.get(changeReportId);
  if (!before) throw new NotFoundError(`no change report ${changeReportId}`);
  if (before.status !== 'UNDER_REVIEW') {
    throw new ConflictError(`change report ${changeReportId} is ${before.status}; it awaits no review`);
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const actor = actorOf(principal);
  const status = body.decision === 'ACCEPT' ? 'ACCEPTED' : 'REJECTED';
  const report: ChangeReport = {
    ...before,
    status,
    history: [...before.history, { at, actor, action: status, comment: body.comment }],
    revision: before.revision + 1,
  };
  let resellerWrite: { before: Reseller; after: Reseller } | undefined;
  if (status === 'ACCEPTED') {
    const reseller = await deps.resellers.get(before.brn);
    if (!reseller?.certificate || reseller.revokedAt) {
      throw new ConflictError(`reseller ${before.brn} no longer holds a certificate`);
    }
    const policy = policyAt(await deps.policies.versions(), now).parameters;
    resellerWrite = {
      before: reseller,
      after: applied(reseller, await profileOf(deps, reseller), report, policy, now),
    };
  }
  await deps.registry.commit({
    records: [{ kind: 'changeReport', before, after: report }],
    ...(resellerWrite ? { reseller: resellerWrite } : {}),
    audit: [
      {
        entity: `change-report#${changeReportId}`,
        at,
        actor,
        action: `CHANGE_REPORT_${status}`,
        detail: { brn: before.brn, comment: body.comment },
      },
      ...(resellerWrite ? [revisedAudit(resellerWrite.after, report, actor, at)] : []),
    ],
  });
  return report;
}

/** What a caller sees: ghost-registration flags, the assignee and escalations are staff business. */
export function changeReportView(r: ChangeReport, principal: Principal) {
  const { revision: _revision, flags, assignee, escalatedAt, ...rest } = r;
  return {
    ...rest,
    ...(isStaff(principal)
      ? { flags, ...(assignee ? { assignee } : {}), ...(escalatedAt ? { escalatedAt } : {}) }
      : {}),
  };
}

/** `GET /v1/resellers/{brn}/change-reports`: its owner and staff; another reseller gets 404. */
export async function listChangeReports(
  deps: Pick<Deps, 'changeReports'>,
  principal: Principal,
  brn: string,
  page: PageRequest,
): Promise<Page<ReturnType<typeof changeReportView>>> {
  if (!mayReadReseller(principal, brn) || principal.roles.includes('relay')) {
    throw new NotFoundError(`no reseller ${brn}`);
  }
  const result = await deps.changeReports.listByReseller(brn, page);
  return {
    items: result.items.map((r) => changeReportView(r, principal)),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}

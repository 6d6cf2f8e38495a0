import { api, type Schemas, unwrap } from '../../api/client.js';
import { formatBrn, formatKrw } from '../../format.js';
import { t, tOr } from '../../i18n/i18n.js';
import { useAsync } from '../../ui/hooks.js';
import { Loaded, Section, StatusBadge, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';
import { SupplementForm, WithdrawForm } from './reseller-actions.js';
import { CommitteeDecisionForm, InspectionForm, ReviewForm } from './staff-actions.js';

type Detail = Schemas['ApplicationDetail'];

function Timeline({ history }: { history: Detail['history'] }) {
  return (
    <Section title={t('applications.timeline')}>
      <ol class="timeline">
        {history.map((h, i) => (
          <li key={i}>
            <Time iso={h.at} /> · <strong>{tOr(`app.${h.step}`, h.step)}</strong>
            {h.decision && <> · {h.decision}</>} · <span class="muted">{h.actor}</span>
            {h.failedItems && h.failedItems.length > 0 && <> · {h.failedItems.join(', ')}</>}
            {h.comment && <p>{h.comment}</p>}
          </li>
        ))}
      </ol>
    </Section>
  );
}

function Submission({ s }: { s: Detail['submission'] }) {
  return (
    <Section title={t('applications.submission')}>
      <dl>
        <dt>{t('apply.officeAddress')}</dt>
        <dd>{s.officeAddress}</dd>
        <dt>{t('apply.repName')}</dt>
        <dd>
          {s.representative.name} · {s.representative.phone} · {s.representative.email}
        </dd>
        <dt>{t('apply.telecomNo')}</dt>
        <dd>{s.telecomRegistrationNumber}</dd>
        <dt>{t('apply.capital')}</dt>
        <dd>{formatKrw(s.paidInCapitalKrw)}</dd>
        <dt>{t('apply.staff')}</dt>
        <dd>{s.antiSpamStaff.map((x) => `${x.name} (${x.phone})`).join(', ') || t('none')}</dd>
        <dt>{t('apply.relays')}</dt>
        <dd>{s.relayOperatorIds.join(', ')}</dd>
        <dt>{t('apply.services')}</dt>
        <dd>{s.serviceTypes.join(', ')}</dd>
      </dl>
    </Section>
  );
}

/** One application: its state, timeline and submission, and the actions the caller's role may take now. */
export function ApplicationDetailScreen({ session, params }: ScreenProps) {
  const id = params.id ?? '';
  const app = useAsync(
    () => unwrap(api().GET('/v1/applications/{applicationId}', { params: { path: { applicationId: id } } })),
    [id],
  );
  const checklist = useAsync(() => unwrap(api().GET('/v1/checklist')), []);
  const role = session.role;
  return (
    <>
      <h1>
        {t('applications.id')} {id}
      </h1>
      <Loaded state={app}>
        {(a) => (
          <>
            <p class="lead">
              {a.companyName} · {formatBrn(a.brn)} · <StatusBadge prefix="app" value={a.status} />
            </p>
            <dl>
              <dt>{t('applications.submittedAt')}</dt>
              <dd>
                <Time iso={a.submittedAt} />
              </dd>
              {a.deadline && (
                <>
                  <dt>{t('applications.deadline')}</dt>
                  <dd>
                    <Time iso={a.deadline} />
                  </dd>
                </>
              )}
              {a.certificateId && (
                <>
                  <dt>{t('certificate.id')}</dt>
                  <dd>{a.certificateId}</dd>
                </>
              )}
              {a.failedItems.length > 0 && (
                <>
                  <dt>{t('applications.failedItems')}</dt>
                  <dd>{a.failedItems.join(', ')}</dd>
                </>
              )}
              {a.reasons.length > 0 && (
                <>
                  <dt>{t('applications.reasons')}</dt>
                  <dd>{a.reasons.join(' / ')}</dd>
                </>
              )}
              {a.flags && a.flags.length > 0 && (
                <>
                  <dt>{t('applications.flags')}</dt>
                  <dd>
                    {a.flags
                      .map((f) => `${f.kind}: ${f.matchedBrn} (${f.matchedStatus}) ${f.evidence}`)
                      .join(' / ')}
                  </dd>
                </>
              )}
            </dl>
            {role !== 'reseller' && (
              <p>
                <a href={`#/resellers/${a.brn}`}>{formatBrn(a.brn)}</a>
              </p>
            )}
            <Loaded state={checklist}>
              {(c) => (
                <>
                  {role === 'reviewer' && a.status === 'DOCUMENT_REVIEW' && (
                    <ReviewForm app={a} checklist={c} onDone={app.reload} />
                  )}
                  {role === 'reviewer' && a.status === 'INSPECTION' && (
                    <InspectionForm app={a} checklist={c} onDone={app.reload} />
                  )}
                  {role === 'committee' && a.status === 'COMMITTEE_REVIEW' && (
                    <CommitteeDecisionForm app={a} checklist={c} onDone={app.reload} />
                  )}
                  {role === 'reseller' && a.status === 'SUPPLEMENT_REQUESTED' && (
                    <SupplementForm app={a} checklist={c} onDone={app.reload} />
                  )}
                </>
              )}
            </Loaded>
            {role === 'reseller' && !['APPROVED', 'REJECTED', 'WITHDRAWN', 'EXPIRED'].includes(a.status) && (
              <WithdrawForm app={a} onDone={app.reload} />
            )}
            <Timeline history={a.history} />
            <Submission s={a.submission} />
          </>
        )}
      </Loaded>
    </>
  );
}

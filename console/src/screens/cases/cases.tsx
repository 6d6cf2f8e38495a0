import { useState } from 'preact/hooks';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { formatBrn, formatNumber, kstLocalToIso } from '../../format.js';
import { t, tOr } from '../../i18n/i18n.js';
import type { Role } from '../../session.js';
import { BarChart } from '../../ui/bar-chart.js';
import { ActionForm, ChoiceFieldset, TextAreaField } from '../../ui/forms.js';
import { pageQuery, useAction, usePaged } from '../../ui/hooks.js';
import { PagedList } from '../../ui/paged.js';
import { Field, StatusBadge, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';

type SpamCase = Schemas['SpamCase'];
const STATUSES = ['OPEN', 'CONFIRMED', 'DISMISSED'] as const;
const SANCTIONS = ['WARNING', 'THROTTLE', 'SUSPENSION', 'REVOCATION'] as const;

function CaseDecisionForm({ c, role, onDone }: { c: SpamCase; role: Role; onDone: () => void }) {
  const [decision, setDecision] = useState<'CONFIRM' | 'DISMISS'>('CONFIRM');
  const [type, setType] = useState<'' | (typeof SANCTIONS)[number]>('');
  const [until, setUntil] = useState('');
  const [comment, setComment] = useState('');
  const prefix = `case-${c.caseId}`;
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/cases/{caseId}/decision', {
        params: { path: { caseId: c.caseId } },
        body: {
          decision,
          comment,
          ...(decision === 'CONFIRM' && type
            ? { sanction: { type, ...(until ? { until: kstLocalToIso(until) } : {}) } }
            : {}),
        },
      }),
    ),
  );
  const sanctions = role === 'committee' ? SANCTIONS : SANCTIONS.filter((s) => s !== 'REVOCATION');
  return (
    <ActionForm
      action={action}
      onDone={onDone}
      label={`${t('cases.decide')} ${c.caseId}`}
      submit={t('submit')}
    >
      <ChoiceFieldset
        legend={t('cases.decide')}
        name={`${prefix}-decision`}
        idPrefix={prefix}
        values={['CONFIRM', 'DISMISS'] as const}
        value={decision}
        label={(d) => t(`cases.${d}`)}
        onChange={setDecision}
      />
      {decision === 'CONFIRM' && (
        <>
          <Field
            id={`${prefix}-sanction`}
            label={t('cases.sanctionType')}
            error={action.fieldErrors['sanction.type']}
          >
            <select
              id={`${prefix}-sanction`}
              value={type}
              onChange={(e) => setType(e.currentTarget.value as typeof type)}
            >
              <option value="">{t('cases.ladder')}</option>
              {sanctions.map((s) => (
                <option key={s} value={s}>
                  {tOr(`sanction.${s}`, s)}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id={`${prefix}-until`}
            label={`${t('until')} (KST)`}
            error={action.fieldErrors['sanction.until']}
          >
            <input
              id={`${prefix}-until`}
              type="datetime-local"
              value={until}
              onInput={(e) => setUntil(e.currentTarget.value)}
            />
          </Field>
        </>
      )}
      <TextAreaField
        id={`${prefix}-comment`}
        label={t('comment')}
        rows={2}
        value={comment}
        error={action.fieldErrors.comment}
        onInput={setComment}
      />
    </ActionForm>
  );
}

function CaseCard({ c, role, onDone }: { c: SpamCase; role: Role; onDone: () => void }) {
  const categories = Object.entries(c.evidence.byCategory);
  const relays = Object.entries(c.evidence.byRelay);
  return (
    <article class="card" data-case={c.caseId}>
      <h2>
        {c.caseId} · <a href={`#/resellers/${c.brn}`}>{formatBrn(c.brn)}</a> ·{' '}
        <StatusBadge prefix="cases" value={c.status} />
      </h2>
      <p>
        {t('cases.openedAt')} <Time iso={c.openedAt} /> · {t('cases.reports')}{' '}
        {formatNumber(c.evidence.reports)} · {t('cases.malicious')} {formatNumber(c.evidence.malicious)} ·{' '}
        <Time iso={c.evidence.from} /> – <Time iso={c.evidence.to} />
      </p>
      <p class="muted">{c.evidence.threshold}</p>
      <div class="grid">
        <div>
          <h3>{t('cases.byCategory')}</h3>
          <BarChart
            label={`${t('cases.chart', { brn: formatBrn(c.brn) })} · ${t('cases.byCategory')}`}
            labels={categories.map(([k]) => k)}
            values={categories.map(([, v]) => v)}
          />
        </div>
        <div>
          <h3>{t('cases.byRelay')}</h3>
          <BarChart
            label={`${t('cases.chart', { brn: formatBrn(c.brn) })} · ${t('cases.byRelay')}`}
            labels={relays.map(([k]) => k)}
            values={relays.map(([, v]) => v)}
          />
        </div>
      </div>
      {c.decision && (
        <p>
          {t(`cases.${c.decision}`)} · <Time iso={c.decidedAt} /> · {c.decidedBy} · {c.comment}
        </p>
      )}
      {c.status === 'OPEN' && (role === 'reviewer' || role === 'committee') && (
        <CaseDecisionForm c={c} role={role} onDone={onDone} />
      )}
    </article>
  );
}

/** Spam cases with their report counts as charts; reviewers confirm (with a sanction) or dismiss. */
export function CasesScreen({ session }: ScreenProps) {
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('OPEN');
  const list = usePaged(
    (cursor) => unwrap(api().GET('/v1/cases', { params: { query: pageQuery(10, cursor, { status }) } })),
    [status],
  );
  return (
    <>
      <h1>{t('cases.title')}</h1>
      <div class="field inline">
        <label for="cases-status">{t('status')}</label>
        <select
          id="cases-status"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as typeof status)}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`cases.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <PagedList
        list={list}
        item={(c) => <CaseCard key={c.caseId} c={c} role={session.role} onDone={list.reload} />}
      />
    </>
  );
}

import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import { formatBrn, kstLocalToIso } from '../../format.js';
import { t, tOr } from '../../i18n/i18n.js';
import { ActionForm, ChoiceFieldset, DateTimeField, TextAreaField } from '../../ui/forms.js';
import { useAction, useAsync } from '../../ui/hooks.js';
import { HistoryTable } from '../../ui/records.js';
import { Field, Loaded, Section, StatusBadge, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';
import type { Objection } from './objections.js';

const DECISIONS = ['UPHOLD', 'MODIFY', 'CANCEL'] as const;
const REPLACEMENTS = ['WARNING', 'THROTTLE', 'SUSPENSION', 'REVOCATION'] as const;

/** The committee grants or refuses a stay: a granted stay pauses the contested sanction until the decision. */
function StayForm({ o, onDone }: { o: Objection; onDone: () => void }) {
  const [granted, setGranted] = useState(true);
  const [comment, setComment] = useState('');
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/objections/{objectionId}/stay', {
        params: { path: { objectionId: o.objectionId } },
        body: { granted, comment },
      }),
    ),
  );
  return (
    <Section title={t('objections.stayDecide')}>
      <ActionForm action={action} onDone={onDone} submit={t('objections.stayDecide')}>
        <ChoiceFieldset
          legend={t('objections.stay')}
          name="stay"
          values={[true, false]}
          value={granted}
          label={(g) => (g ? t('objections.grant') : t('objections.refuse'))}
          onChange={setGranted}
        />
        <TextAreaField
          id="stay-comment"
          label={t('comment')}
          rows={2}
          value={comment}
          error={action.fieldErrors.comment}
          onInput={setComment}
        />
      </ActionForm>
    </Section>
  );
}

/** UPHOLD, MODIFY (with the replacement sanction) or CANCEL. */
function DecisionForm({ o, onDone }: { o: Objection; onDone: () => void }) {
  const [decision, setDecision] = useState<(typeof DECISIONS)[number]>('UPHOLD');
  const [type, setType] = useState<(typeof REPLACEMENTS)[number]>('WARNING');
  const [until, setUntil] = useState('');
  const [comment, setComment] = useState('');
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/objections/{objectionId}/decision', {
        params: { path: { objectionId: o.objectionId } },
        body: {
          decision,
          comment,
          ...(decision === 'MODIFY'
            ? { sanction: { type, ...(until ? { until: kstLocalToIso(until) } : {}) } }
            : {}),
        },
      }),
    ),
  );
  const errors = action.fieldErrors;
  return (
    <Section title={t('objections.decide')}>
      <ActionForm action={action} onDone={onDone} submit={t('objections.decide')}>
        <ChoiceFieldset
          legend={t('objections.decide')}
          name="decision"
          values={DECISIONS}
          value={decision}
          label={(d) => t(`objection.${d}`)}
          onChange={setDecision}
        />
        {decision === 'MODIFY' && (
          <>
            <Field id="decision-sanction" label={t('objections.replacement')} error={errors['sanction.type']}>
              <select
                id="decision-sanction"
                value={type}
                onChange={(e) => setType(e.currentTarget.value as typeof type)}
              >
                {REPLACEMENTS.map((s) => (
                  <option key={s} value={s}>
                    {tOr(`sanction.${s}`, s)}
                  </option>
                ))}
              </select>
            </Field>
            <DateTimeField
              id="decision-until"
              label={t('objections.replacementUntil')}
              value={until}
              error={errors['sanction.until']}
              onInput={setUntil}
            />
          </>
        )}
        <TextAreaField
          id="decision-comment"
          label={t('comment')}
          rows={3}
          value={comment}
          error={errors.comment}
          onInput={setComment}
        />
      </ActionForm>
    </Section>
  );
}

export function ObjectionDetailScreen({ session, params }: ScreenProps) {
  const objectionId = params.id ?? '';
  const detail = useAsync(
    () => unwrap(api().GET('/v1/objections/{objectionId}', { params: { path: { objectionId } } })),
    [objectionId],
  );
  const committee = session.role === 'committee';
  return (
    <>
      <h1>
        {t('objections.title')} {objectionId}
      </h1>
      <Loaded state={detail}>
        {(o) => (
          <>
            <Section title={`${tOr(`objection.${o.subject.type}`, o.subject.type)} ${o.subject.id}`}>
              <dl>
                <dt>{t('brn')}</dt>
                <dd>
                  {session.role === 'reseller' ? (
                    formatBrn(o.brn)
                  ) : (
                    <a href={`#/resellers/${o.brn}`}>{formatBrn(o.brn)}</a>
                  )}
                </dd>
                <dt>{t('status')}</dt>
                <dd>
                  <StatusBadge prefix="objection" value={o.status} />
                </dd>
                <dt>{t('objections.grounds')}</dt>
                <dd class="pre">{o.grounds}</dd>
                <dt>{t('objections.filedAt')}</dt>
                <dd>
                  <Time iso={o.filedAt} />
                </dd>
                <dt>{t('objections.windowEnds')}</dt>
                <dd>
                  <Time iso={o.windowEnds} />
                </dd>
                <dt>{t('objections.dueAt')}</dt>
                <dd>
                  <Time iso={o.dueAt} />
                </dd>
                <dt>{t('objections.stay')}</dt>
                <dd>
                  {o.stay ? (
                    <>
                      {o.stay.granted ? t('objections.stayGranted') : t('objections.stayRefused')} ·{' '}
                      <Time iso={o.stay.at} /> · {o.stay.comment}
                    </>
                  ) : (
                    '—'
                  )}
                </dd>
                {o.decision && (
                  <>
                    <dt>{t('cases.decision')}</dt>
                    <dd>
                      {t(`objection.${o.decision}`)} · <Time iso={o.decidedAt} />
                      {o.replacementSanctionId ? ` · ${o.replacementSanctionId}` : ''}
                    </dd>
                  </>
                )}
              </dl>
              <HistoryTable entries={o.history} />
            </Section>
            {committee && o.status === 'FILED' && (
              <div class="grid">
                {!o.stay && <StayForm o={o} onDone={detail.reload} />}
                <DecisionForm o={o} onDone={detail.reload} />
              </div>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}

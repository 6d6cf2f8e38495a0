import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import { formatBrn, kstLocalToIso } from '../../format.js';
import { t, tOr } from '../../i18n/i18n.js';
import { useAction, useAsync } from '../../ui/hooks.js';
import { HistoryTable } from '../../ui/records.js';
import { described, Field, Loaded, ProblemAlert, Section, StatusBadge, Time } from '../../ui/widgets.js';
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
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await action.execute()) onDone();
        }}
      >
        <ProblemAlert problem={action.problem} />
        <fieldset class="choice">
          <legend>{t('objections.stay')}</legend>
          {([true, false] as const).map((g) => (
            <div class="check" key={String(g)}>
              <input
                id={`stay-${g}`}
                type="radio"
                name="stay"
                checked={granted === g}
                onChange={() => setGranted(g)}
              />
              <label for={`stay-${g}`}>{g ? t('objections.grant') : t('objections.refuse')}</label>
            </div>
          ))}
        </fieldset>
        <Field id="stay-comment" label={t('comment')} error={action.fieldErrors.comment}>
          <textarea
            id="stay-comment"
            rows={2}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
            {...described('stay-comment', action.fieldErrors.comment)}
          />
        </Field>
        <button type="submit" class="primary" disabled={action.pending}>
          {t('objections.stayDecide')}
        </button>
      </form>
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
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await action.execute()) onDone();
        }}
      >
        <ProblemAlert problem={action.problem} />
        <fieldset class="choice">
          <legend>{t('objections.decide')}</legend>
          {DECISIONS.map((d) => (
            <div class="check" key={d}>
              <input
                id={`decision-${d}`}
                type="radio"
                name="decision"
                checked={decision === d}
                onChange={() => setDecision(d)}
              />
              <label for={`decision-${d}`}>{t(`objection.${d}`)}</label>
            </div>
          ))}
        </fieldset>
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
            <Field
              id="decision-until"
              label={t('objections.replacementUntil')}
              error={errors['sanction.until']}
            >
              <input
                id="decision-until"
                type="datetime-local"
                value={until}
                onInput={(e) => setUntil(e.currentTarget.value)}
                {...described('decision-until', errors['sanction.until'])}
              />
            </Field>
          </>
        )}
        <Field id="decision-comment" label={t('comment')} error={errors.comment}>
          <textarea
            id="decision-comment"
            rows={3}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
            {...described('decision-comment', errors.comment)}
          />
        </Field>
        <button type="submit" class="primary" disabled={action.pending}>
          {t('objections.decide')}
        </button>
      </form>
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

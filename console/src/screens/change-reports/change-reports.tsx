import { useState } from 'preact/hooks';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { formatBrn, kstLocalToIso, nowKstLocal } from '../../format.js';
import { type MessageKey, t } from '../../i18n/i18n.js';
import { ActionForm, ChoiceFieldset, DateTimeField, TextAreaField } from '../../ui/forms.js';
import { pageQuery, useAction, usePaged } from '../../ui/hooks.js';
import { PagedList } from '../../ui/paged.js';
import { HistoryTable } from '../../ui/records.js';
import { Done, described, Field, Section, StatusBadge, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';

type ChangeReport = Schemas['ChangeReport'];
type Changes = Schemas['ChangeReportBody']['changes'];

/** The form's text fields and where the API reports their errors (`changes.<path>`). */
const FIELDS = [
  ['repName', 'changes.repName', 'representative.name'],
  ['repPhone', 'changes.repPhone', 'representative.phone'],
  ['repEmail', 'changes.repEmail', 'representative.email'],
  ['address', 'changes.address', 'officeAddress'],
  ['capital', 'changes.capital', 'paidInCapitalKrw'],
  ['bank', 'changes.bank', 'bankAccount.bank'],
  ['account', 'changes.account', 'bankAccount.number'],
] as const satisfies readonly (readonly [string, MessageKey, string])[];
type FieldName = (typeof FIELDS)[number][0];

/** Only what changed: a representative or bank account is sent whole once any part of it is filled. */
function changesOf(v: Record<FieldName, string>): Changes {
  const c: Changes = {};
  if (v.repName || v.repPhone || v.repEmail)
    c.representative = { name: v.repName, phone: v.repPhone, email: v.repEmail };
  if (v.address) c.officeAddress = v.address;
  if (v.capital) c.paidInCapitalKrw = Number(v.capital.replace(/[,\s]/g, ''));
  if (v.bank || v.account) c.bankAccount = { bank: v.bank, number: v.account };
  return c;
}

const empty = Object.fromEntries(FIELDS.map(([name]) => [name, ''])) as Record<FieldName, string>;

/** The reseller reports a change to its application data; the API's field errors appear beside the fields. */
function ChangeReportForm({ brn, onFiled }: { brn: string; onFiled: () => void }) {
  const [values, setValues] = useState(empty);
  const [changedAt, setChangedAt] = useState(nowKstLocal());
  const [comment, setComment] = useState('');
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/resellers/{brn}/change-reports', {
        params: { path: { brn } },
        body: {
          changedAt: kstLocalToIso(changedAt),
          changes: changesOf(values),
          ...(comment.trim() ? { comment } : {}),
        },
      }),
    ),
  );
  const errors = action.fieldErrors;
  return (
    <Section title={t('changes.file')}>
      <ActionForm
        action={action}
        onDone={() => {
          setValues(empty);
          onFiled();
        }}
        submit={t('submit')}
        after={
          <>
            <Done show={Boolean(action.result)} />
            {action.result && (
              <p>
                {action.result.changeReportId} · <StatusBadge prefix="change" value={action.result.status} />
              </p>
            )}
          </>
        }
      >
        <p class="muted">{t('changes.hint')}</p>
        {errors.changes && (
          <p class="error" role="alert">
            {errors.changes}
          </p>
        )}
        <DateTimeField
          id="change-at"
          label={t('changes.changedAt')}
          value={changedAt}
          error={errors.changedAt}
          onInput={setChangedAt}
        />
        {FIELDS.map(([name, label, path]) => {
          const id = `change-${name}`;
          const error = errors[`changes.${path}`];
          return (
            <Field key={name} id={id} label={t(label)} error={error}>
              <input
                id={id}
                value={values[name]}
                inputMode={name === 'capital' || name === 'account' ? 'numeric' : undefined}
                onInput={(e) => setValues({ ...values, [name]: e.currentTarget.value })}
                {...described(id, error)}
              />
            </Field>
          );
        })}
        <TextAreaField
          id="change-comment"
          label={t('comment')}
          rows={2}
          value={comment}
          error={errors.comment}
          onInput={setComment}
        />
      </ActionForm>
    </Section>
  );
}

/** A reviewer accepts or rejects a report under review (409 otherwise). */
function ReviewForm({ r, onDone }: { r: ChangeReport; onDone: () => void }) {
  const [decision, setDecision] = useState<'ACCEPT' | 'REJECT'>('ACCEPT');
  const [comment, setComment] = useState('');
  const prefix = `review-${r.changeReportId}`;
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/change-reports/{changeReportId}/review', {
        params: { path: { changeReportId: r.changeReportId } },
        body: { decision, comment },
      }),
    ),
  );
  return (
    <ActionForm
      action={action}
      onDone={onDone}
      label={`${t('changes.review')} ${r.changeReportId}`}
      submit={t('changes.review')}
    >
      <ChoiceFieldset
        legend={t('changes.review')}
        name={`${prefix}-decision`}
        idPrefix={prefix}
        values={['ACCEPT', 'REJECT'] as const}
        value={decision}
        label={(d) => t(`changes.${d}`)}
        onChange={setDecision}
      />
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

/** A reseller's change reports, newest first; a reviewer reviews those under review. */
export function ChangeReportList({ brn, reviewer }: { brn: string; reviewer: boolean }) {
  const list = usePaged(
    (cursor) =>
      unwrap(
        api().GET('/v1/resellers/{brn}/change-reports', {
          params: { path: { brn }, query: pageQuery(10, cursor) },
        }),
      ),
    [brn],
  );
  return (
    <PagedList
      list={list}
      item={(r) => (
        <Section key={r.changeReportId} title={`${r.changeReportId} · ${formatBrn(r.brn)}`}>
          <dl>
            <dt>{t('status')}</dt>
            <dd>
              <StatusBadge prefix="change" value={r.status} />
              {r.late && ` · ${t('changes.late')}`}
            </dd>
            <dt>{t('changes.changedAt')}</dt>
            <dd>
              <Time iso={r.changedAt} />
            </dd>
            <dt>{t('changes.reportedAt')}</dt>
            <dd>
              <Time iso={r.reportedAt} />
            </dd>
            <dt>{t('changes.fields')}</dt>
            <dd>{Object.keys(r.changes).join(', ')}</dd>
            {r.material.length > 0 && (
              <>
                <dt>{t('changes.material')}</dt>
                <dd>{r.material.join(', ')}</dd>
              </>
            )}
            {r.reasons.length > 0 && (
              <>
                <dt>{t('changes.reasons')}</dt>
                <dd>{r.reasons.join(' · ')}</dd>
              </>
            )}
            {r.dueAt && (
              <>
                <dt>{t('objections.dueAt')}</dt>
                <dd>
                  <Time iso={r.dueAt} />
                </dd>
              </>
            )}
          </dl>
          <HistoryTable entries={r.history} />
          {reviewer && r.status === 'UNDER_REVIEW' && <ReviewForm r={r} onDone={list.reload} />}
        </Section>
      )}
    />
  );
}

export function ChangeReportsScreen({ session }: ScreenProps) {
  const brn = session.brn ?? '';
  const [round, setRound] = useState(0);
  return (
    <>
      <h1>{t('changes.title')}</h1>
      <ChangeReportForm brn={brn} onFiled={() => setRound((r) => r + 1)} />
      <ChangeReportList key={round} brn={brn} reviewer={false} />
    </>
  );
}

/** Staff look up one reseller's change reports; a reviewer decides those under review. */
export function ChangeReviewScreen({ session }: ScreenProps) {
  const [input, setInput] = useState('');
  const [brn, setBrn] = useState('');
  return (
    <>
      <h1>{t('changes.review')}</h1>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setBrn(input.replace(/-/g, '').trim());
        }}
      >
        <Field id="review-brn" label={t('brn')}>
          <input
            id="review-brn"
            inputMode="numeric"
            value={input}
            onInput={(e) => setInput(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="primary">
          {t('search')}
        </button>
      </form>
      {brn && <ChangeReportList key={brn} brn={brn} reviewer={session.role === 'reviewer'} />}
    </>
  );
}

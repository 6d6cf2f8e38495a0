import { useState } from 'preact/hooks';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { formatBrn } from '../../format.js';
import { t, tOr } from '../../i18n/i18n.js';
import { ActionForm, TextAreaField } from '../../ui/forms.js';
import { pageQuery, useAction, usePaged } from '../../ui/hooks.js';
import { PagedTable } from '../../ui/paged.js';
import { EnumSelect, hashQuery } from '../../ui/records.js';
import { Done, described, Field, Section, StatusBadge, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';

export type Objection = Schemas['Objection'];
type Status = Objection['status'];
export const OBJECTION_STATUSES: readonly Status[] = ['FILED', 'UPHELD', 'MODIFIED', 'CANCELLED'];
const SUBJECTS = ['SANCTION', 'APPLICATION'] as const;

/** A paged table of objections (a reseller's own, or staff's by status). */
export function ObjectionTable({ status, title }: { status: Status | ''; title: string }) {
  const list = usePaged(
    (cursor) =>
      unwrap(
        api().GET('/v1/objections', {
          params: { query: pageQuery(20, cursor, { status }) },
        }),
      ),
    [status],
  );
  return (
    <PagedTable
      list={list}
      caption={title}
      columns={[
        t('id'),
        t('brn'),
        t('objections.subjectType'),
        t('status'),
        t('objections.stay'),
        t('objections.filedAt'),
        t('objections.dueAt'),
      ]}
      rowKey={(o) => o.objectionId}
      row={(o) => (
        <>
          <td>
            <a href={`#/objections/${encodeURIComponent(o.objectionId)}`}>{o.objectionId}</a>
          </td>
          <td>{formatBrn(o.brn)}</td>
          <td>
            {tOr(`objection.${o.subject.type}`, o.subject.type)} {o.subject.id}
          </td>
          <td>
            <StatusBadge prefix="objection" value={o.status} />
          </td>
          <td>
            {o.stay ? (o.stay.granted ? t('objections.stayGranted') : t('objections.stayRefused')) : '—'}
          </td>
          <td>
            <Time iso={o.filedAt} />
          </td>
          <td>
            <Time iso={o.dueAt} />
          </td>
        </>
      )}
    />
  );
}

/**
 * A reseller objects to its own sanction or rejection, within the policy's window; the API's 409
 * (window closed, already objected) is shown with its reason.
 */
function FileObjectionForm({ onFiled }: { onFiled: () => void }) {
  const query = hashQuery();
  const [type, setType] = useState<(typeof SUBJECTS)[number]>(
    query.get('application') ? 'APPLICATION' : 'SANCTION',
  );
  const [id, setId] = useState(query.get('sanction') ?? query.get('application') ?? '');
  const [grounds, setGrounds] = useState('');
  const action = useAction(() =>
    unwrap(api().POST('/v1/objections', { body: { subject: { type, id: id.trim() }, grounds } })),
  );
  const errors = action.fieldErrors;
  const idError = errors['subject.id'] ?? errors.subject;
  return (
    <Section title={t('objections.file')}>
      <ActionForm
        action={action}
        onDone={onFiled}
        submit={t('submit')}
        after={
          <>
            <Done show={Boolean(action.result) && !action.problem} />
            {action.result && !action.problem && (
              <p>
                <a href={`#/objections/${encodeURIComponent(action.result.objectionId)}`}>
                  {action.result.objectionId}
                </a>{' '}
                · {t('objections.windowEnds')} <Time iso={action.result.windowEnds} />
              </p>
            )}
          </>
        }
      >
        <EnumSelect
          id="objection-type"
          label={t('objections.subjectType')}
          value={type}
          values={SUBJECTS}
          prefix="objection"
          onChange={(v) => v && setType(v)}
        />
        <Field id="objection-subject" label={t('objections.subjectId')} error={idError}>
          <input
            id="objection-subject"
            value={id}
            onInput={(e) => setId(e.currentTarget.value)}
            {...described('objection-subject', idError)}
          />
        </Field>
        <TextAreaField
          id="objection-grounds"
          label={t('objections.grounds')}
          rows={4}
          value={grounds}
          error={errors.grounds}
          onInput={setGrounds}
        />
      </ActionForm>
    </Section>
  );
}

/** Objections: a reseller files and follows its own; staff see them by status (the committee's: FILED). */
export function ObjectionsScreen({ session }: ScreenProps) {
  const [status, setStatus] = useState<Status | ''>(session.role === 'committee' ? 'FILED' : '');
  const [round, setRound] = useState(0);
  return (
    <>
      <h1>{t('objections.title')}</h1>
      {session.role === 'reseller' && <FileObjectionForm onFiled={() => setRound((r) => r + 1)} />}
      <EnumSelect
        id="objection-status"
        label={t('status')}
        value={status}
        values={OBJECTION_STATUSES}
        prefix="objection"
        any={t('inspections.all')}
        onChange={setStatus}
      />
      <ObjectionTable key={round} status={status} title={t('objections.title')} />
    </>
  );
}

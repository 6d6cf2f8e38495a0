import { useState } from 'preact/hooks';
import { api, type Sanction, unwrap } from '../../api/client.js';
import { kstLocalToIso } from '../../format.js';
import { t, tOr } from '../../i18n/i18n.js';
import type { Role } from '../../session.js';
import { DateTimeField } from '../../ui/forms.js';
import { pageQuery, useAction, useAsync, usePaged } from '../../ui/hooks.js';
import { PagedList } from '../../ui/paged.js';
import { described, Field, Loaded, ProblemAlert, Section, StatusBadge, Time } from '../../ui/widgets.js';

const STAFF_WHO_SANCTION: readonly Role[] = ['reviewer', 'committee'];
const NOTICE_READERS: readonly Role[] = ['reviewer', 'committee', 'regulator', 'admin'];

function Notices({ sanctionId }: { sanctionId: string }) {
  const notices = useAsync(
    () => unwrap(api().GET('/v1/sanctions/{sanctionId}/notices', { params: { path: { sanctionId } } })),
    [sanctionId],
  );
  return (
    <Loaded state={notices}>
      {(n) => (
        <table>
          <caption>
            {t('sanctions.notices')}: {n.summary.delivered}/{n.summary.total}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('relayId')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('at')}</th>
            </tr>
          </thead>
          <tbody>
            {n.items.map((x) => (
              <tr key={x.noticeId}>
                <td>{x.relayId}</td>
                <td>
                  {x.delivery} ({x.attempts}){x.lastError ? ` ${x.lastError}` : ''}
                </td>
                <td>
                  <Time iso={x.deliveredAt ?? x.nextAttemptAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Loaded>
  );
}

function LiftForm({ sanction, onDone }: { sanction: Sanction; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const id = `lift-${sanction.sanctionId}`;
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/sanctions/{sanctionId}/lift', {
        params: { path: { sanctionId: sanction.sanctionId } },
        body: { reason },
      }),
    ),
  );
  return (
    <form
      class="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await action.execute()) onDone();
      }}
    >
      <ProblemAlert problem={action.problem} />
      <Field id={id} label={t('reason')} error={action.fieldErrors.reason}>
        <input
          id={id}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
          {...described(id, action.fieldErrors.reason)}
        />
      </Field>
      <button type="submit" disabled={action.pending}>
        {t('sanctions.lift')}
      </button>
    </form>
  );
}

/** A reseller's sanctions, newest first; staff may lift one and see the notices to relays. */
export function SanctionList({ brn, role, reloadKey = 0 }: { brn: string; role: Role; reloadKey?: number }) {
  const list = usePaged(
    async (cursor) => {
      const page = await unwrap(
        api().GET('/v1/resellers/{brn}/sanctions', {
          params: { path: { brn }, query: pageQuery(20, cursor) },
        }),
      );
      // The schema's items are nullable; the API never sends a null one.
      return page as typeof page & { items: Sanction[] };
    },
    [brn, reloadKey],
  );
  return (
    <PagedList
      list={list}
      item={(s) => (
        <article class="card" key={s.sanctionId}>
          <h3>
            <StatusBadge prefix="sanction" value={s.type} /> {s.sanctionId} · {s.state}
          </h3>
          <p>{s.reason}</p>
          <p>
            <Time iso={s.from} /> – <Time iso={s.until} />
          </p>
          {s.liftedAt && (
            <p>
              {t('sanctions.lift')}: <Time iso={s.liftedAt} /> {s.liftReason}
            </p>
          )}
          {role === 'reseller' && (
            <p>
              <a
                href={`#/objections?sanction=${encodeURIComponent(s.sanctionId)}`}
                aria-label={`${t('objections.object')}: ${s.sanctionId}`}
              >
                {t('objections.object')}
              </a>
            </p>
          )}
          {STAFF_WHO_SANCTION.includes(role) && s.state === 'IN_FORCE' && (
            <LiftForm sanction={s} onDone={list.reload} />
          )}
          {NOTICE_READERS.includes(role) && <Notices sanctionId={s.sanctionId} />}
        </article>
      )}
    />
  );
}

const TYPES = ['WARNING', 'THROTTLE', 'SUSPENSION', 'REVOCATION'] as const;

/** A sanction outside a case (an inspection failure, say); revocation is the committee's. */
export function ImposeSanctionForm({ brn, role, onDone }: { brn: string; role: Role; onDone: () => void }) {
  const [type, setType] = useState<(typeof TYPES)[number]>('WARNING');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const action = useAction(() =>
    unwrap(
      api().POST('/v1/resellers/{brn}/sanctions', {
        params: { path: { brn } },
        body: {
          type,
          reason,
          ...(until ? { until: kstLocalToIso(until) } : {}),
          ...(comment.trim() ? { comment: comment.trim() } : {}),
        },
      }),
    ),
  );
  const types = role === 'committee' ? TYPES : TYPES.filter((x) => x !== 'REVOCATION');
  return (
    <Section title={t('sanctions.impose')}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await action.execute()) onDone();
        }}
      >
        <ProblemAlert problem={action.problem} />
        <Field id="impose-type" label={t('sanctions.type')} error={action.fieldErrors.type}>
          <select
            id="impose-type"
            value={type}
            onChange={(e) => setType(e.currentTarget.value as typeof type)}
          >
            {types.map((x) => (
              <option key={x} value={x}>
                {tOr(`sanction.${x}`, x)}
              </option>
            ))}
          </select>
        </Field>
        <DateTimeField
          id="impose-until"
          label={`${t('until')} (KST)`}
          value={until}
          error={action.fieldErrors.until}
          onInput={setUntil}
        />
        <Field id="impose-reason" label={t('reason')} error={action.fieldErrors.reason}>
          <input
            id="impose-reason"
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
            {...described('impose-reason', action.fieldErrors.reason)}
          />
        </Field>
        <Field id="impose-comment" label={t('comment')} error={action.fieldErrors.comment}>
          <textarea
            id="impose-comment"
            rows={2}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="primary" disabled={action.pending}>
          {t('sanctions.impose')}
        </button>
      </form>
    </Section>
  );
}

import { useState } from 'preact/hooks';
import { type ApplicationPage, api, type Schemas, unwrap } from '../../api/client.js';
import { formatBrn } from '../../format.js';
import { t, tOr } from '../../i18n/i18n.js';
import { pageQuery, usePaged } from '../../ui/hooks.js';
import { PagedTable } from '../../ui/paged.js';
import { StatusBadge, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';

type Status = Schemas['Application']['status'];
const STATUSES: Status[] = [
  'SUBMITTED',
  'SCREENING',
  'DOCUMENT_REVIEW',
  'SUPPLEMENT_REQUESTED',
  'INSPECTION',
  'COMMITTEE_REVIEW',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'EXPIRED',
];
const PAGE_SIZE = 20;

/** A paged table of applications, optionally one status (the work queues). */
export function ApplicationTable({ status, title }: { status: Status | undefined; title: string }) {
  const list = usePaged(
    async (cursor) =>
      (await unwrap(
        api().GET('/v1/applications', {
          params: {
            query: pageQuery(PAGE_SIZE, cursor, { status }),
          },
        }),
      )) as unknown as ApplicationPage,
    [status],
  );
  return (
    <PagedTable
      list={list}
      caption={title}
      columns={[
        t('applications.id'),
        t('brn'),
        t('reseller.company'),
        t('status'),
        t('applications.submittedAt'),
        t('applications.deadline'),
      ]}
      rowKey={(a) => a.applicationId}
      row={(a) => (
        <>
          <td>
            <a href={`#/applications/${encodeURIComponent(a.applicationId)}`}>{a.applicationId}</a>
          </td>
          <td>{formatBrn(a.brn)}</td>
          <td>{a.companyName}</td>
          <td>
            <StatusBadge prefix="app" value={a.status} />
          </td>
          <td>
            <Time iso={a.submittedAt} />
          </td>
          <td>
            <Time iso={a.deadline} />
          </td>
        </>
      )}
    />
  );
}

/** The caller's applications (a reseller sees only its own; staff see all). */
export function ApplicationsScreen(_: ScreenProps) {
  return (
    <>
      <h1>{t('applications.title')}</h1>
      <ApplicationTable status={undefined} title={t('applications.title')} />
    </>
  );
}

/** The reviewer's work queue: applications waiting in a review step, oldest first by submission. */
export function WorkQueueScreen(_: ScreenProps) {
  const [status, setStatus] = useState<Status>('DOCUMENT_REVIEW');
  return (
    <>
      <h1>{t('queue.title')}</h1>
      <div class="field inline">
        <label for="queue-status">{t('queue.filter')}</label>
        <select id="queue-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as Status)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {tOr(`app.${s}`, s)}
            </option>
          ))}
        </select>
      </div>
      <ApplicationTable status={status} title={`${t('queue.title')}: ${tOr(`app.${status}`, status)}`} />
    </>
  );
}

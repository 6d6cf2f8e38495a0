import { useMemo, useState } from 'preact/hooks';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { formatBrn } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import type { Session } from '../../session.js';
import { pageQuery, useAction, usePaged } from '../../ui/hooks.js';
import { PagedTable } from '../../ui/paged.js';
import { EnumSelect } from '../../ui/records.js';
import { ProblemAlert, StatusBadge, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';

export type Inspection = Schemas['Inspection'];
type Status = Inspection['status'];
const STATUSES: readonly Status[] = [
  'SCHEDULED',
  'OPEN',
  'CORRECTIVE',
  'PASSED',
  'FAILED',
  'REFUSED',
  'COMMITTEE',
];
const VIEWS = ['all', 'mine', 'dueSoon', 'overdue'] as const;
type View = (typeof VIEWS)[number];
const DUE_SOON_DAYS = 14;

/**
 * The queue's filters as the API takes them. "Now" is the browser's clock: in AWS the business clock
 * is the wall clock (the local runtime's may be moved; its due dates are then read against real time).
 */
function viewQuery(view: View, session: Session): { assignee?: string; dueBefore?: string } {
  const now = Date.now();
  if (view === 'mine') return { assignee: session.subject };
  if (view === 'dueSoon') return { dueBefore: new Date(now + DUE_SOON_DAYS * 86_400_000).toISOString() };
  if (view === 'overdue') return { dueBefore: new Date(now).toISOString() };
  return {};
}

function AssignToMe({ i, session, onDone }: { i: Inspection; session: Session; onDone: () => void }) {
  const action = useAction(() =>
    unwrap(
      api().PUT('/v1/inspections/{inspectionId}/assignee', {
        params: { path: { inspectionId: i.inspectionId } },
        body: { assignee: session.subject },
      }),
    ),
  );
  if (i.assignee === session.subject) return <span>{t('inspections.mine')}</span>;
  return (
    <>
      <button
        type="button"
        aria-label={`${t('inspections.assignMe')}: ${i.inspectionId}`}
        disabled={action.pending}
        onClick={async () => {
          if (await action.execute()) onDone();
        }}
      >
        {t('inspections.assignMe')}
      </button>
      <ProblemAlert problem={action.problem} />
    </>
  );
}

/** A paged inspection table (soonest due first, as the API answers). */
export function InspectionTable({
  session,
  status,
  filter,
  title,
}: {
  session: Session;
  status: Status | '';
  filter: { assignee?: string; dueBefore?: string };
  title: string;
}) {
  const list = usePaged(
    (cursor) =>
      unwrap(
        api().GET('/v1/inspections', {
          params: {
            query: pageQuery(20, cursor, { ...filter, status }),
          },
        }),
      ),
    [status, filter.assignee, filter.dueBefore],
  );
  const canAssign = session.role === 'reviewer' || session.role === 'committee';
  return (
    <PagedTable
      list={list}
      caption={title}
      columns={[
        t('id'),
        t('brn'),
        t('inspections.kind'),
        t('status'),
        t('inspections.dueAt'),
        t('inspections.assignee'),
      ]}
      rowKey={(i) => i.inspectionId}
      row={(i) => (
        <>
          <td>
            <a href={`#/inspections/${encodeURIComponent(i.inspectionId)}`}>{i.inspectionId}</a>
          </td>
          <td>{formatBrn(i.brn)}</td>
          <td>{t(`inspection.${i.kind}`)}</td>
          <td>
            <StatusBadge prefix="inspection" value={i.status} />
          </td>
          <td>
            <Time iso={i.dueAt} />
          </td>
          <td>
            {canAssign && !['PASSED', 'FAILED', 'REFUSED'].includes(i.status) ? (
              <AssignToMe i={i} session={session} onDone={list.reload} />
            ) : (
              (i.assignee ?? '—')
            )}
          </td>
        </>
      )}
    />
  );
}

/** The reviewer's inspection work queue: mine, due soon, overdue, by status. */
export function InspectionsScreen({ session }: ScreenProps) {
  const [view, setView] = useState<View>('all');
  const [status, setStatus] = useState<Status | ''>('OPEN');
  // Fixed when the view is chosen, so the query (and its page) stays the same across renders.
  const filter = useMemo(() => viewQuery(view, session), [view, session.subject]);
  return (
    <>
      <h1>{t('inspections.title')}</h1>
      <div class="filters">
        <EnumSelect
          id="inspection-view"
          label={t('inspections.view')}
          value={view}
          values={VIEWS}
          prefix="inspections"
          onChange={(v) => setView(v || 'all')}
        />
        <EnumSelect
          id="inspection-status"
          label={t('status')}
          value={status}
          values={STATUSES}
          prefix="inspection"
          any={t('inspections.all')}
          onChange={setStatus}
        />
      </div>
      <InspectionTable session={session} status={status} filter={filter} title={t('inspections.title')} />
    </>
  );
}

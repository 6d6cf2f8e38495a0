import { useState } from 'preact/hooks';
import { api, type NotificationPage, unwrap } from '../../api/client.js';
import { t } from '../../i18n/i18n.js';
import { TextAreaField } from '../../ui/forms.js';
import { pageQuery, useAction, usePaged } from '../../ui/hooks.js';
import { PagedTable } from '../../ui/paged.js';
import { Done, ProblemAlert, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';
import { SanctionList } from '../sanctions/sanctions.js';

export function ResellerSanctionsScreen({ session }: ScreenProps) {
  return (
    <>
      <h1>{t('sanctions.title')}</h1>
      <SanctionList brn={session.brn ?? ''} role={session.role} />
    </>
  );
}

/** Notifications sent to the reseller (reminders, decisions), newest first. */
export function NotificationsScreen({ session }: ScreenProps) {
  const brn = session.brn ?? '';
  const list = usePaged(
    async (cursor) =>
      (await unwrap(
        api().GET('/v1/resellers/{brn}/notifications', {
          params: { path: { brn }, query: pageQuery(20, cursor) },
        }),
      )) as unknown as NotificationPage,
    [brn],
  );
  return (
    <>
      <h1>{t('notifications.title')}</h1>
      <PagedTable
        list={list}
        caption={t('notifications.title')}
        columns={[t('at'), t('notifications.subject')]}
        rowKey={(n) => n.notificationId}
        row={(n) => (
          <>
            <td>
              <Time iso={n.at} />
            </td>
            <td>{n.subject}</td>
          </>
        )}
      />
    </>
  );
}

/** The first-sender identification codes the reseller inserts: how spam reports are traced to it. */
export function SenderCodesScreen({ session }: ScreenProps) {
  const brn = session.brn ?? '';
  const [codes, setCodes] = useState('');
  const action = useAction(() =>
    unwrap(
      api().PUT('/v1/resellers/{brn}/first-sender-codes', {
        params: { path: { brn } },
        body: { codes: codes.split(/\s+/).filter(Boolean) },
      }),
    ),
  );
  const error =
    action.fieldErrors.codes ?? Object.entries(action.fieldErrors).find(([k]) => k.startsWith('codes'))?.[1];
  return (
    <>
      <h1>{t('senderCodes.title')}</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          await action.execute();
        }}
      >
        <ProblemAlert problem={action.problem} />
        <TextAreaField
          id="sender-codes"
          label={t('senderCodes.codes')}
          rows={5}
          value={codes}
          error={error}
          onInput={setCodes}
        />
        <button type="submit" class="primary" disabled={action.pending}>
          {t('save')}
        </button>
        <Done show={Boolean(action.result)} />
        {action.result && <p>{action.result.codes.join(', ')}</p>}
      </form>
    </>
  );
}

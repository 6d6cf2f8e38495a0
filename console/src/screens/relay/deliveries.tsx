import { useState } from 'preact/hooks';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { formatBrn, formatNumber } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { pageQuery, useAction, useAsync, usePaged } from '../../ui/hooks.js';
import { PagedTable } from '../../ui/paged.js';
import { EnumSelect } from '../../ui/records.js';
import { Loaded, ProblemAlert, StatusBadge, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';

type Delivery = Schemas['NoticeDelivery']['delivery'];
const STATES: readonly Delivery[] = ['PENDING', 'DELIVERED', 'FAILED'];

function DeliveryTable({
  relayId,
  status,
  round,
}: {
  relayId: string;
  status: Delivery | '';
  round: number;
}) {
  const list = usePaged(
    (cursor) =>
      unwrap(
        api().GET('/v1/relay-operators/{relayId}/deliveries', {
          params: {
            path: { relayId },
            query: pageQuery(50, cursor, { status }),
          },
        }),
      ),
    [relayId, status, round],
  );
  return (
    <PagedTable
      list={list}
      caption={
        <>
          {t('deliveries.title')}: {relayId}
        </>
      }
      columns={[
        t('relay.seq'),
        t('deliveries.type'),
        t('brn'),
        t('status'),
        t('deliveries.attempts'),
        t('deliveries.when'),
        t('deliveries.lastError'),
      ]}
      rowKey={(n) => n.noticeId}
      rowClass={(n) => (n.delivery === 'FAILED' ? 'rejected' : undefined)}
      row={(n) => (
        <>
          <td>{n.seq}</td>
          <td>{n.type}</td>
          <td>{formatBrn(n.brn)}</td>
          <td>
            <StatusBadge prefix="delivery" value={n.delivery} />
          </td>
          <td class="num">{formatNumber(n.attempts)}</td>
          <td>
            <Time iso={n.deliveredAt ?? n.nextAttemptAt ?? n.lastAttemptAt} />
          </td>
          <td>{n.lastError ?? ''}</td>
        </>
      )}
    />
  );
}

/** Which relay: a relay its own; the admin picks one. */
function RelayPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const relays = useAsync(() => unwrap(api().GET('/v1/relay-operators')), []);
  return (
    <Loaded state={relays}>
      {(list) => (
        <div class="field inline">
          <label for="deliveries-relay">{t('deliveries.relay')}</label>
          <select id="deliveries-relay" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
            {list.items.map((r) => (
              <option key={r.relayId} value={r.relayId}>
                {r.name} ({r.relayId})
              </option>
            ))}
          </select>
        </div>
      )}
    </Loaded>
  );
}

/**
 * The notices sent to a relay and how their delivery went; FAILED ones (retries exhausted) can be
 * sent again once the webhook is fixed.
 */
export function DeliveriesScreen({ session }: ScreenProps) {
  const admin = session.role === 'admin';
  const [relayId, setRelayId] = useState(session.relayId ?? 'kt');
  const [status, setStatus] = useState<Delivery | ''>('');
  const [round, setRound] = useState(0);
  const redrive = useAction(() =>
    unwrap(api().POST('/v1/relay-operators/{relayId}/deliveries/redrive', { params: { path: { relayId } } })),
  );
  return (
    <>
      <h1>{t('deliveries.title')}</h1>
      <p class="muted">{t('deliveries.note')}</p>
      <div class="filters">
        {admin && <RelayPicker value={relayId} onChange={setRelayId} />}
        <EnumSelect
          id="deliveries-status"
          label={t('deliveries.filter')}
          value={status}
          values={STATES}
          prefix="delivery"
          any={t('deliveries.any')}
          onChange={setStatus}
        />
        <button
          type="button"
          class="primary"
          disabled={redrive.pending}
          onClick={async () => {
            if (await redrive.execute()) setRound((r) => r + 1);
          }}
        >
          {t('deliveries.redrive')}
        </button>
      </div>
      <ProblemAlert problem={redrive.problem} />
      {redrive.result && (
        <p role="status">
          {t('deliveries.redriven', { n: formatNumber(redrive.result.redriven.length) })}
          {redrive.result.more && ` ${t('deliveries.more')}`}
        </p>
      )}
      <DeliveryTable relayId={relayId} status={status} round={round} />
    </>
  );
}

import { useState } from 'preact/hooks';
import { ApiProblem, api, authorizedFetch, type Schemas, unwrap } from '../../api/client.js';
import { formatBrn, formatNumber } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { useAction, useAsync } from '../../ui/hooks.js';
import {
  described,
  Field,
  Loaded,
  ProblemAlert,
  Progress,
  Section,
  StatusBadge,
  Time,
} from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';
import { EligibilityCard } from '../reseller/status.js';

/** The relays' question: may this reseller send now? */
export function EligibilityLookupScreen({ session }: ScreenProps) {
  const [brn, setBrn] = useState('');
  const lookup = useAction((b: string) =>
    unwrap(api().GET('/v1/resellers/{brn}/eligibility', { params: { path: { brn: b } } })),
  );
  const error = lookup.fieldErrors.brn;
  return (
    <>
      <h1>{t('relay.lookup')}</h1>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void lookup.execute(brn.trim());
        }}
      >
        <Field id="lookup-brn" label={t('brn')} error={error}>
          <input
            id="lookup-brn"
            inputMode="numeric"
            value={brn}
            onInput={(e) => setBrn(e.currentTarget.value)}
            {...described('lookup-brn', error)}
          />
        </Field>
        <button type="submit" class="primary" disabled={lookup.pending}>
          {t('search')}
        </button>
      </form>
      {!error && <ProblemAlert problem={lookup.problem} />}
      {lookup.result && !lookup.problem && <EligibilityCard e={lookup.result} />}
      {lookup.result && session.role !== 'relay' && (
        <p>
          <a href={`#/resellers/${lookup.result.brn}`}>{t('relay.openRecord')}</a>
        </p>
      )}
    </>
  );
}

/** The whole registry as one JSON file, read as a stream so the download shows its progress. */
export function RegistrySnapshotScreen(_: ScreenProps) {
  const [progress, setProgress] = useState<{ received: number; total: number } | undefined>();
  const [result, setResult] = useState<{ url: string; count: number; seq: number } | undefined>();
  const action = useAction(async () => {
    setResult(undefined);
    const res = await authorizedFetch('/v1/registry');
    if (!res.ok || !res.body) {
      const p = (await res.json().catch(() => ({}))) as { title?: string; detail?: string };
      throw new ApiProblem(res.status, p.title ?? res.statusText, p.detail ?? '');
    }
    const total = Number(res.headers.get('content-length') ?? 0);
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      setProgress({ received, total: total || received });
    }
    const blob = new Blob(chunks as BlobPart[], { type: 'application/json' });
    const snapshot = JSON.parse(await blob.text()) as Schemas['Registry'];
    const r = { url: URL.createObjectURL(blob), count: snapshot.items.length, seq: snapshot.seq };
    setResult(r);
    return r;
  });
  return (
    <>
      <h1>{t('relay.snapshot')}</h1>
      <button type="button" class="primary" onClick={() => void action.execute()} disabled={action.pending}>
        {t('relay.download')}
      </button>
      {progress && (
        <Progress
          label={`${formatNumber(progress.received)} / ${formatNumber(progress.total)} bytes`}
          done={progress.received}
          total={progress.total}
        />
      )}
      <ProblemAlert problem={action.problem} />
      {result && (
        <p role="status">
          {t('relay.downloaded', { count: formatNumber(result.count), seq: result.seq })} ·{' '}
          <a href={result.url} download={`registry-${result.seq}.json`}>
            registry-{result.seq}.json
          </a>
        </p>
      )}
    </>
  );
}

/** The ordered change feed, paged forward by `after` (the feed has no backwards cursor). */
export function ChangeFeedScreen(_: ScreenProps) {
  const [afters, setAfters] = useState<(string | undefined)[]>([undefined]);
  const after = afters[afters.length - 1];
  const feed = useAsync(
    () =>
      unwrap(
        api().GET('/v1/registry/changes', { params: { query: { limit: 50, ...(after ? { after } : {}) } } }),
      ),
    [after],
  );
  return (
    <>
      <h1>{t('relay.changes')}</h1>
      <Loaded state={feed}>
        {(page) => (
          <>
            <table>
              <caption>{t('relay.changes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('relay.seq')}</th>
                  <th scope="col">{t('brn')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('relay.effectiveAt')}</th>
                  <th scope="col">{t('reason')}</th>
                </tr>
              </thead>
              <tbody>
                {page.changes.length === 0 && (
                  <tr>
                    <td colSpan={5}>{t('none')}</td>
                  </tr>
                )}
                {page.changes.map((c) => (
                  <tr key={c.seq}>
                    <td>{c.seq}</td>
                    <td>{formatBrn(c.brn)}</td>
                    <td>
                      <StatusBadge prefix="status" value={c.status} />
                    </td>
                    <td>
                      <Time iso={c.effectiveAt} />
                    </td>
                    <td>{c.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <nav class="pager" aria-label={t('relay.changes')}>
              <button
                type="button"
                disabled={afters.length <= 1}
                onClick={() => setAfters(afters.slice(0, -1))}
              >
                {t('previous')}
              </button>
              <button
                type="button"
                disabled={!page.nextCursor}
                onClick={() => setAfters([...afters, page.nextCursor])}
              >
                {t('next')}
              </button>
            </nav>
          </>
        )}
      </Loaded>
    </>
  );
}

/** What the relay may see of its own settings (the operators set URL and secret). */
export function RelayWebhookScreen({ session }: ScreenProps) {
  const operators = useAsync(() => unwrap(api().GET('/v1/relay-operators')), []);
  return (
    <>
      <h1>{t('relay.webhook')}</h1>
      <p>{t('relay.webhookNote')}</p>
      <Loaded state={operators}>
        {(list) => {
          const mine = list.items.find((r) => r.relayId === session.relayId);
          return (
            <Section title={mine?.name ?? session.relayId ?? ''}>
              <dl>
                <dt>{t('relayId')}</dt>
                <dd>{session.relayId}</dd>
                <dt>{t('relay.webhookUrl')}</dt>
                <dd>{mine?.webhookUrl ?? '—'}</dd>
              </dl>
            </Section>
          );
        }}
      </Loaded>
    </>
  );
}

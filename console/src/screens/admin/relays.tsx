import { useState } from 'preact/hooks';
import { api, type Schemas, unwrap } from '../../api/client.js';
import { t } from '../../i18n/i18n.js';
import { useAction, useAsync } from '../../ui/hooks.js';
import { Done, described, Field, Loaded, ProblemAlert } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';

/** A Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes, made in the browser. */
function newSecret(): string {
  return `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
}

function RelayForm({ relay, onDone }: { relay: Schemas['RelayOperator']; onDone: () => void }) {
  const [name, setName] = useState(relay.name);
  const [url, setUrl] = useState(relay.webhookUrl ?? '');
  const [secret, setSecret] = useState('');
  const p = `relay-${relay.relayId}`;
  const action = useAction(() =>
    unwrap(
      api().PUT('/v1/relay-operators/{relayId}', {
        params: { path: { relayId: relay.relayId } },
        body: { name, webhookUrl: url.trim() || null, ...(secret ? { signingSecret: secret } : {}) },
      }),
    ),
  );
  const e = action.fieldErrors;
  return (
    <details class="card">
      <summary>
        {relay.name} ({relay.relayId}) · {relay.webhookUrl ?? t('relay.notConfigured')}
      </summary>
      <form
        onSubmit={async (ev) => {
          ev.preventDefault();
          if (await action.execute()) onDone();
        }}
      >
        <ProblemAlert problem={action.problem} />
        <Field id={`${p}-name`} label={t('relay.name')} error={e.name}>
          <input
            id={`${p}-name`}
            value={name}
            onInput={(ev) => setName(ev.currentTarget.value)}
            {...described(`${p}-name`, e.name)}
          />
        </Field>
        <Field id={`${p}-url`} label={t('relay.webhookUrl')} error={e.webhookUrl}>
          <input
            id={`${p}-url`}
            type="url"
            value={url}
            onInput={(ev) => setUrl(ev.currentTarget.value)}
            {...described(`${p}-url`, e.webhookUrl)}
          />
        </Field>
        <Field id={`${p}-secret`} label={t('relay.secret')} error={e.signingSecret}>
          <input
            id={`${p}-secret`}
            autocomplete="off"
            value={secret}
            onInput={(ev) => setSecret(ev.currentTarget.value)}
            {...described(`${p}-secret`, e.signingSecret)}
          />
        </Field>
        <button type="button" onClick={() => setSecret(newSecret())}>
          {t('relay.secretGenerate')}
        </button>{' '}
        <button type="submit" class="primary" disabled={action.pending}>
          {t('save')}
        </button>
        <Done show={Boolean(action.result)} />
      </form>
    </details>
  );
}

/** Relay operators: names, webhook URLs and write-only signing secrets. */
export function RelayOperatorsScreen(_: ScreenProps) {
  const list = useAsync(() => unwrap(api().GET('/v1/relay-operators')), []);
  return (
    <>
      <h1>{t('nav.relays')}</h1>
      <Loaded state={list}>
        {(l) => (
          <>
            {l.items.map((r) => (
              <RelayForm key={`${r.relayId}-${r.webhookUrl ?? ''}`} relay={r} onDone={list.reload} />
            ))}
          </>
        )}
      </Loaded>
    </>
  );
}

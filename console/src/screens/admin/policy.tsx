import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import { kstLocalToIso } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { DateTimeField } from '../../ui/forms.js';
import { useAction, useAsync } from '../../ui/hooks.js';
import { Done, described, Field, Loaded, ProblemAlert, Section, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';

/** The policy in force with each parameter's effective date; admins add a version from a date on. */
export function PolicyScreen({ session }: ScreenProps) {
  const policy = useAsync(() => unwrap(api().GET('/v1/policy')), []);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [source, setSource] = useState('');
  const [parameters, setParameters] = useState('{}');
  const action = useAction(async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(parameters);
    } catch {
      parsed = parameters;
    }
    return unwrap(
      api().PUT('/v1/policy', {
        body: {
          effectiveFrom: effectiveFrom ? kstLocalToIso(effectiveFrom) : '',
          source,
          parameters: parsed as never,
        },
      }),
    );
  });
  const e = action.fieldErrors;
  const paramError = Object.entries(e).find(([k]) => k.startsWith('parameters'));
  return (
    <>
      <h1>{t('policy.title')}</h1>
      <Loaded state={policy}>
        {(p) => (
          <Section title={`${t('policy.version')} ${p.version}`}>
            <p>
              {t('policy.effectiveFrom')} <Time iso={p.effectiveFrom} /> · {t('policy.source')}: {p.source}
            </p>
            <table>
              <caption>{t('policy.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('detail')}</th>
                  <th scope="col">{t('policy.effectiveFrom')}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(p.effectiveDates).map(([k, at]) => (
                  <tr key={k}>
                    <td>{k}</td>
                    <td>
                      <Time iso={at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <details>
              <summary>JSON</summary>
              <pre>{JSON.stringify(p.parameters, null, 2)}</pre>
            </details>
          </Section>
        )}
      </Loaded>
      {session.role === 'admin' && (
        <Section title={t('policy.add')}>
          <form
            onSubmit={async (ev) => {
              ev.preventDefault();
              if (await action.execute()) policy.reload();
            }}
          >
            <ProblemAlert problem={action.problem} />
            <DateTimeField
              id="policy-from"
              label={`${t('policy.effectiveFrom')} (KST)`}
              value={effectiveFrom}
              error={e.effectiveFrom}
              onInput={setEffectiveFrom}
            />
            <Field id="policy-source" label={t('policy.source')} error={e.source}>
              <input
                id="policy-source"
                value={source}
                onInput={(ev) => setSource(ev.currentTarget.value)}
                {...described('policy-source', e.source)}
              />
            </Field>
            <Field
              id="policy-parameters"
              label={t('policy.parameters')}
              error={paramError ? `${paramError[0]}: ${paramError[1]}` : undefined}
            >
              <textarea
                id="policy-parameters"
                rows={6}
                value={parameters}
                onInput={(ev) => setParameters(ev.currentTarget.value)}
              />
            </Field>
            <button type="submit" class="primary" disabled={action.pending}>
              {t('policy.add')}
            </button>
            <Done show={Boolean(action.result)} />
          </form>
        </Section>
      )}
    </>
  );
}

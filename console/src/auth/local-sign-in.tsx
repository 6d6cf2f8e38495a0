import { useState } from 'preact/hooks';
import { ApiProblem } from '../api/client.js';
import { t, tOr } from '../i18n/i18n.js';
import type { Role } from '../session.js';
import { described, Field, ProblemAlert } from '../ui/widgets.js';

const ROLES: Role[] = ['reseller', 'reviewer', 'committee', 'relay', 'regulator', 'admin'];
const RELAYS = [
  'kt',
  'lguplus',
  'skb',
  'cjolivenetworks',
  'daou',
  'infobank',
  'stdnetworks',
  'surem',
  'gemtech',
  'kpmobile',
];

/**
 * The local runtime's sign-in: pick a role and the party it acts for; the runtime mints a token with
 * its local key (the same minting as `npm run token`). Never deployed.
 */
export function LocalSignIn({ apiBase, onToken }: { apiBase: string; onToken: (token: string) => void }) {
  const [role, setRole] = useState<Role>('reseller');
  const [brn, setBrn] = useState('');
  const [relayId, setRelayId] = useState('kt');
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [pending, setPending] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setPending(true);
    setProblem(undefined);
    try {
      const res = await fetch(`${apiBase}/_local/console/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          role,
          ...(role === 'reseller' ? { brn } : {}),
          ...(role === 'relay' ? { relayId } : {}),
        }),
      });
      const body = (await res.json()) as {
        token?: string;
        title?: string;
        detail?: string;
        errors?: { path: string; message: string }[];
      };
      if (!res.ok || !body.token)
        throw new ApiProblem(res.status, body.title ?? '', body.detail ?? '', body.errors ?? []);
      onToken(body.token);
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'network', String(err)));
    } finally {
      setPending(false);
    }
  };
  const errors = problem?.fieldErrors() ?? {};
  return (
    <main id="main" class="sign-in">
      <h1>{t('signInTitle')}</h1>
      <p class="muted">{t('signInLocalNote')}</p>
      <form onSubmit={submit} aria-label={t('signInTitle')}>
        <ProblemAlert problem={problem} />
        <Field id="sign-in-role" label={t('role')}>
          <select id="sign-in-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tOr(`role.${r}`, r)}
              </option>
            ))}
          </select>
        </Field>
        {role === 'reseller' && (
          <Field id="sign-in-brn" label={t('brn')} error={errors.brn}>
            <input
              id="sign-in-brn"
              inputMode="numeric"
              placeholder="220-81-62517"
              value={brn}
              onInput={(e) => setBrn(e.currentTarget.value)}
              {...described('sign-in-brn', errors.brn)}
            />
          </Field>
        )}
        {role === 'relay' && (
          <Field id="sign-in-relay" label={t('relayId')} error={errors.relayId}>
            <select id="sign-in-relay" value={relayId} onChange={(e) => setRelayId(e.currentTarget.value)}>
              {RELAYS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
        )}
        <button type="submit" class="primary" disabled={pending}>
          {t('signIn')}
        </button>
      </form>
    </main>
  );
}

import { Fragment } from 'preact';
import { api, unwrap } from '../../api/client.js';
import { t } from '../../i18n/i18n.js';
import { useAsync } from '../../ui/hooks.js';
import { Loaded, Section, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';
import { CertificateCard } from './status.js';

/** A compact JWS's header and claims (base64url JSON); the signature is the relay's to verify. */
export function decodeJws(jws: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const part = (s: string | undefined) => {
    const b64 = (s ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  };
  const [header, claims] = jws.split('.');
  return { header: part(header), claims: part(claims) };
}

/** JWT times are seconds since the epoch (RFC 7519): shown in KST like every instant. */
const TIME_CLAIMS = new Set(['iat', 'nbf', 'exp']);

function ClaimValue({ name, value }: { name: string; value: unknown }) {
  if (TIME_CLAIMS.has(name) && typeof value === 'number')
    return <Time iso={new Date(value * 1000).toISOString()} />;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return <Time iso={value} />;
  return <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>;
}

function Claims({ title, values }: { title: string; values: Record<string, unknown> }) {
  return (
    <>
      <h3>{title}</h3>
      <dl>
        {Object.entries(values).map(([k, v]) => (
          <Fragment key={k}>
            <dt>
              <code>{k}</code>
            </dt>
            <dd>
              <ClaimValue name={k} value={v} />
            </dd>
          </Fragment>
        ))}
      </dl>
    </>
  );
}

/** The reseller's signed eligibility attestation: decoded claims and when it expires. */
export function AttestationCard({ brn }: { brn: string }) {
  const attestation = useAsync(
    () => unwrap(api().GET('/v1/resellers/{brn}/attestation', { params: { path: { brn } } })),
    [brn],
  );
  return (
    <Section title={t('attestation.title')}>
      <Loaded state={attestation}>
        {(a) => {
          const { header, claims } = decodeJws(a.attestation);
          return (
            <>
              <p>
                {t('attestation.expiresAt')}: <Time iso={a.expiresAt} />
              </p>
              <Claims title={t('attestation.claims')} values={claims} />
              <Claims title={t('attestation.header')} values={header} />
              <label for="attestation-token">{t('attestation.token')}</label>
              <textarea id="attestation-token" class="token" rows={4} readOnly value={a.attestation} />
              <p class="muted">{t('attestation.note')}</p>
            </>
          );
        }}
      </Loaded>
    </Section>
  );
}

/** The reseller's certificate (validity, inspections) and its attestation. */
export function CertificateScreen({ session }: ScreenProps) {
  const brn = session.brn ?? '';
  const profile = useAsync(async () => {
    try {
      return await unwrap(api().GET('/v1/resellers/{brn}', { params: { path: { brn } } }));
    } catch (e) {
      // Not in the registry yet: no certificate.
      if ((e as { status?: number }).status === 404) return { certificate: null };
      throw e;
    }
  }, [brn]);
  return (
    <>
      <h1>{t('nav.certificate')}</h1>
      <div class="grid">
        <Loaded state={profile}>{(p) => <CertificateCard c={p.certificate} />}</Loaded>
        <AttestationCard brn={brn} />
      </div>
    </>
  );
}

import { api, type Schemas, unwrap } from '../../api/client.js';
import { formatBrn } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { useAsync } from '../../ui/hooks.js';
import { Loaded, Section, StatusBadge, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';

/** Eligibility as a relay sees it: allowed or not, why, and any throttle. */
export function EligibilityCard({ e }: { e: Schemas['EligibilityDecision'] }) {
  return (
    <Section title={t('eligibility.title')}>
      <p class={e.allowed ? 'verdict allowed' : 'verdict blocked'} data-testid="eligibility-verdict">
        {e.allowed ? t('eligibility.allowed') : t('eligibility.blocked')} ·{' '}
        <StatusBadge prefix="status" value={e.status} />
      </p>
      <dl>
        <dt>{t('brn')}</dt>
        <dd>{formatBrn(e.brn)}</dd>
        <dt>{t('reason')}</dt>
        <dd>{e.reason}</dd>
        {e.throttle && (
          <>
            <dt>{t('status.THROTTLED')}</dt>
            <dd>
              {t('eligibility.throttle', {
                speed: e.throttle.speedPercent,
                volume: e.throttle.volumePercent,
              })}
            </dd>
          </>
        )}
        {e.sanction && (
          <>
            <dt>{t('sanctions.type')}</dt>
            <dd>
              <StatusBadge prefix="sanction" value={e.sanction.type} /> <Time iso={e.sanction.from} /> –{' '}
              <Time iso={e.sanction.until} />
            </dd>
          </>
        )}
        <dt>{t('eligibility.evaluatedAt')}</dt>
        <dd>
          <Time iso={e.evaluatedAt} />
        </dd>
        <dt>{t('eligibility.version')}</dt>
        <dd>{e.version}</dd>
      </dl>
    </Section>
  );
}

export function CertificateCard({ c }: { c: Schemas['ResellerProfile']['certificate'] }) {
  return (
    <Section title={t('certificate.title')}>
      {c ? (
        <dl>
          <dt>{t('certificate.id')}</dt>
          <dd>{c.certificateId}</dd>
          <dt>{t('certificate.issuedAt')}</dt>
          <dd>
            <Time iso={c.issuedAt} />
          </dd>
          <dt>{t('certificate.validUntil')}</dt>
          <dd>
            <Time iso={c.validUntil} />
          </dd>
          <dt>{t('certificate.nextInspection')}</dt>
          <dd>
            <Time iso={c.nextInspectionDue} />
          </dd>
          <dt>{t('certificate.lastInspected')}</dt>
          <dd>
            <Time iso={c.lastInspectedAt} />
          </dd>
        </dl>
      ) : (
        <p>{t('certificate.none')}</p>
      )}
    </Section>
  );
}

/** A reseller's profile: eligibility, certificate, application in progress, sanctions in force. */
export function ResellerOverview({ brn }: { brn: string }) {
  const profile = useAsync(async () => {
    try {
      return await unwrap(api().GET('/v1/resellers/{brn}', { params: { path: { brn } } }));
    } catch (e) {
      // Not in the registry yet: its eligibility still answers (UNCERTIFIED).
      if ((e as { status?: number }).status !== 404) throw e;
      return unwrap(api().GET('/v1/resellers/{brn}/eligibility', { params: { path: { brn } } }));
    }
  }, [brn]);
  return (
    <Loaded state={profile}>
      {(p) =>
        'eligibility' in p ? (
          <>
            <p class="lead">
              {p.companyName} · {formatBrn(p.brn)}
            </p>
            <div class="grid">
              <EligibilityCard e={p.eligibility} />
              <CertificateCard c={p.certificate} />
            </div>
            {p.pendingApplicationId && (
              <p>
                {t('reseller.pending')}:{' '}
                <a href={`#/applications/${encodeURIComponent(p.pendingApplicationId)}`}>
                  {p.pendingApplicationId}
                </a>
              </p>
            )}
            {p.openSanctions.length > 0 && (
              <Section title={t('reseller.openSanctions')}>
                <ul>
                  {p.openSanctions.map((s) => (
                    <li key={s.sanctionId}>
                      <StatusBadge prefix="sanction" value={s.type} /> {s.reason} (<Time iso={s.from} /> –{' '}
                      <Time iso={s.until} />)
                    </li>
                  ))}
                </ul>
              </Section>
            )}
          </>
        ) : (
          <>
            <p class="lead">{t('reseller.notKnown')}</p>
            <EligibilityCard e={p} />
          </>
        )
      }
    </Loaded>
  );
}

export function ResellerStatusScreen({ session }: ScreenProps) {
  return (
    <>
      <h1>{t('nav.status')}</h1>
      <ResellerOverview brn={session.brn ?? ''} />
    </>
  );
}

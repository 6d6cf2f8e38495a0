import { api, unwrap } from '../../api/client.js';
import { formatNumber } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { pageQuery, usePaged } from '../../ui/hooks.js';
import { PagedList } from '../../ui/paged.js';
import { CountTable } from '../../ui/records.js';
import { Section, StatusBadge, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';

/** The reseller's own spam cases: counts by category, relay and KST day (never a reporter's data). */
export function MyCasesScreen({ session }: ScreenProps) {
  const brn = session.brn ?? '';
  const list = usePaged(
    (cursor) =>
      unwrap(
        api().GET('/v1/resellers/{brn}/cases', {
          params: { path: { brn }, query: pageQuery(10, cursor) },
        }),
      ),
    [brn],
  );
  return (
    <>
      <h1>{t('myCases.title')}</h1>
      <p class="muted">{t('myCases.note')}</p>
      <PagedList
        list={list}
        item={(c) => (
          <Section key={c.caseId} title={c.caseId}>
            <dl>
              <dt>{t('status')}</dt>
              <dd>
                <StatusBadge prefix="cases" value={c.status} />
              </dd>
              <dt>{t('cases.openedAt')}</dt>
              <dd>
                <Time iso={c.openedAt} />
              </dd>
              <dt>{t('cases.window')}</dt>
              <dd>
                <Time iso={c.window.from} /> – <Time iso={c.window.to} />
              </dd>
              <dt>{t('cases.threshold')}</dt>
              <dd>{c.threshold}</dd>
              <dt>{t('cases.reports')}</dt>
              <dd>
                {formatNumber(c.counts.reports)} ({t('cases.malicious')} {formatNumber(c.counts.malicious)})
              </dd>
              {c.decision && (
                <>
                  <dt>{t('cases.decision')}</dt>
                  <dd>
                    {t(`cases.${c.decision}`)} · <Time iso={c.decidedAt} />
                    {c.sanctionId && (
                      <>
                        {' '}
                        ·{' '}
                        <a href={`#/objections?sanction=${encodeURIComponent(c.sanctionId)}`}>
                          {t('objections.object')}
                        </a>
                      </>
                    )}
                  </dd>
                </>
              )}
            </dl>
            <div class="grid">
              <CountTable
                caption={`${c.caseId} ${t('cases.byCategory')}`}
                counts={c.counts.byCategory}
                keyLabel={t('cases.byCategory')}
              />
              <CountTable
                caption={`${c.caseId} ${t('cases.byRelay')}`}
                counts={c.counts.byRelay}
                keyLabel={t('cases.byRelay')}
              />
              <CountTable
                caption={`${c.caseId} ${t('cases.byDay')}`}
                counts={c.counts.byDay}
                keyLabel={t('cases.byDay')}
                sortByKey
              />
            </div>
          </Section>
        )}
      />
    </>
  );
}

import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import { currentKstMonth, formatBrn, formatNumber } from '../../format.js';
import { t } from '../../i18n/i18n.js';
import { BarChart } from '../../ui/bar-chart.js';
import { useAsync } from '../../ui/hooks.js';
import { Loaded, Section, Time } from '../../ui/widgets.js';
import type { ScreenProps } from '../registry.js';

/** Monthly statistics (the month in KST): reports per relay and the top 50 resellers, as charts and tables. */
export function DashboardScreen(_: ScreenProps) {
  const [month, setMonth] = useState(currentKstMonth());
  const stats = useAsync(
    () => unwrap(api().GET('/v1/statistics/monthly', { params: { query: { month } } })),
    [month],
  );
  return (
    <>
      <h1>{t('stats.title')}</h1>
      <div class="field inline">
        <label for="stats-month">{t('stats.month')}</label>
        <input
          id="stats-month"
          type="month"
          value={month}
          onChange={(e) => e.currentTarget.value && setMonth(e.currentTarget.value)}
        />
      </div>
      <Loaded state={stats}>
        {(s) => {
          const top = s.topResellers.slice(0, 50);
          return (
            <>
              <p class="muted">
                <Time iso={s.from} /> – <Time iso={s.to} /> {s.live && `· ${t('stats.live')}`}
              </p>
              <dl class="figures">
                <div>
                  <dt>{t('stats.reports')}</dt>
                  <dd>{formatNumber(s.reports)}</dd>
                </div>
                <div>
                  <dt>{t('stats.unattributed')}</dt>
                  <dd>{formatNumber(s.unattributed)}</dd>
                </div>
                <div>
                  <dt>{t('stats.certifications')}</dt>
                  <dd>{formatNumber(s.certifications)}</dd>
                </div>
                <div>
                  <dt>{t('stats.sanctions')}</dt>
                  <dd>{formatNumber(s.sanctions)}</dd>
                </div>
              </dl>
              <Section title={t('stats.byRelay')}>
                <BarChart
                  label={t('stats.byRelay')}
                  labels={s.reportsByRelay.map((r) => r.relayId)}
                  values={s.reportsByRelay.map((r) => r.reports)}
                />
                <table>
                  <caption>{t('stats.byRelay')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('relayId')}</th>
                      <th scope="col">{t('stats.reports')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.reportsByRelay.map((r) => (
                      <tr key={r.relayId}>
                        <td>{r.relayId}</td>
                        <td class="num">{formatNumber(r.reports)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Section>
              <Section title={t('stats.top')}>
                <BarChart
                  label={t('stats.top')}
                  labels={top.map((r) => formatBrn(r.brn))}
                  values={top.map((r) => r.reports)}
                  horizontal
                />
                <table>
                  <caption>{t('stats.top')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{t('brn')}</th>
                      <th scope="col">{t('stats.reports')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {top.map((r, i) => (
                      <tr key={r.brn}>
                        <td>{i + 1}</td>
                        <td>
                          <a href={`#/resellers/${r.brn}`}>{formatBrn(r.brn)}</a>
                        </td>
                        <td class="num">{formatNumber(r.reports)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}

import { formatNumber } from '../format.js';
import { t, tOr } from '../i18n/i18n.js';
import { Time } from './widgets.js';

/** The `?a=b` part of the hash route (`#/objections?sanction=snc_1`). */
export function hashQuery(): URLSearchParams {
  const hash = location.hash.replace(/^#/, '');
  const i = hash.indexOf('?');
  return new URLSearchParams(i >= 0 ? hash.slice(i + 1) : '');
}

/** Counts by key (category, relay, day), largest first, ko-KR numbers. */
export function CountTable({
  caption,
  counts,
  keyLabel,
  sortByKey = false,
}: {
  caption: string;
  counts: Record<string, number>;
  keyLabel: string;
  sortByKey?: boolean;
}) {
  const rows = Object.entries(counts).sort((a, b) => (sortByKey ? a[0].localeCompare(b[0]) : b[1] - a[1]));
  return (
    <table class="compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{keyLabel}</th>
          <th scope="col">{t('cases.reports')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={2}>{t('none')}</td>
          </tr>
        )}
        {rows.map(([k, n]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td class="num">{formatNumber(n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface HistoryEntry {
  at: string;
  actor: string;
  action: string;
  comment?: string | undefined;
  failedItems?: string[] | undefined;
}

/** A record's history, oldest first, as the API keeps it. */
export function HistoryTable({ entries }: { entries: readonly HistoryEntry[] }) {
  return (
    <table class="compact">
      <caption>{t('history')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('at')}</th>
          <th scope="col">{t('actor')}</th>
          <th scope="col">{t('action')}</th>
          <th scope="col">{t('comment')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((h, i) => (
          <tr key={`${h.at}-${i}`}>
            <td>
              <Time iso={h.at} />
            </td>
            <td>{h.actor}</td>
            <td>{h.action}</td>
            <td>
              {h.comment ?? ''}
              {h.failedItems?.length ? ` (${h.failedItems.join(', ')})` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A labelled select of enum values shown through their messages (`prefix.VALUE`). */
export function EnumSelect<T extends string>({
  id,
  label,
  value,
  values,
  prefix,
  any,
  onChange,
}: {
  id: string;
  label: string;
  value: T | '';
  values: readonly T[];
  prefix: string;
  any?: string;
  onChange: (v: T | '') => void;
}) {
  return (
    <div class="field inline">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value as T | '')}>
        {any !== undefined && <option value="">{any}</option>}
        {values.map((v) => (
          <option key={v} value={v}>
            {tOr(`${prefix}.${v}`, v)}
          </option>
        ))}
      </select>
    </div>
  );
}

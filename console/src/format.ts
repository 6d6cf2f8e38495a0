import { currentLang } from './i18n/i18n.js';

/**
 * Formatting for Korean users: instants in Korea Standard Time, numbers and won amounts as ko-KR
 * writes them (also under the English switch: amounts are Korean amounts).
 */
const KST = 'Asia/Seoul';

export function formatKst(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = new Intl.DateTimeFormat(currentLang() === 'ko' ? 'ko-KR' : 'en-GB', {
    timeZone: KST,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${text} KST`;
}

/** The UTC instant shown on hover. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().replace('.000Z', 'Z')} (UTC)`;
}

const numberFormat = new Intl.NumberFormat('ko-KR');
const krwFormat = new Intl.NumberFormat('ko-KR', { style: 'currency', currency: 'KRW' });

export const formatNumber = (n: number): string => numberFormat.format(n);
export const formatKrw = (n: number): string => krwFormat.format(n);

/** `2208162517` → `220-81-62517`, as Koreans write a business registration number. */
export function formatBrn(brn: string): string {
  return /^\d{10}$/.test(brn) ? `${brn.slice(0, 3)}-${brn.slice(3, 5)}-${brn.slice(5)}` : brn;
}

/** The current month in KST as `YYYY-MM`. */
export function currentKstMonth(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: KST, year: 'numeric', month: '2-digit' })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, p) => {
      acc[p.type] = p.value;
      return acc;
    }, {});
  return `${parts.year}-${parts.month}`;
}

/** A `datetime-local` input's value (KST wall time) as an RFC 3339 instant. */
export function kstLocalToIso(local: string): string {
  return new Date(`${local}:00+09:00`).toISOString();
}

/** Now as a `datetime-local` value in KST. */
export function nowKstLocal(now = new Date()): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 16);
}

import type { Lang, Translate } from '../i18n/index.js';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** "5 minutes ago" / "5 分钟前", "in 2 hours" / "2 小时后", by the platform's Intl (no dictionary to keep). */
export function relativeTime(at: number, now: number, lang: Lang): string {
  const diff = at - now;
  const [unit, size] = UNITS.find(([, ms]) => Math.abs(diff) >= ms) ?? ['second', 1_000];
  return new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(Math.round(diff / size), unit);
}

/** A shown time: relative text and the exact UTC time for the tooltip; `empty` when there is none. */
export interface ShownTime {
  text: string;
  iso: string | null;
}

export function shownTime(at: number | null, now: number, lang: Lang, empty: string): ShownTime {
  if (at === null || !Number.isFinite(at)) return { text: empty, iso: null };
  return { text: relativeTime(at, now, lang), iso: new Date(at).toISOString() };
}

export function expiryTime(at: number | null, now: number, lang: Lang, t: Translate): ShownTime {
  if (at === null) return { text: t('value.none'), iso: null };
  if (at <= now) return { text: t('value.expired'), iso: new Date(at).toISOString() };
  return shownTime(at, now, lang, t('value.none'));
}

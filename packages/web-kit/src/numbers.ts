import { numberFormat } from './money';

/** Counts, ratios and dates on screen, in the locale and time zone the app passes in (the shop's settings). */

export function formatCount(value: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** A decimal such as a rate: "2.5" in en, "2,5" in de-DE. */
export function formatDecimal(value: number, locale: string, maximumFractionDigits = 1): string {
  return numberFormat(locale, { maximumFractionDigits }).format(value);
}

export function formatCompact(value: number, locale: string): string {
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A ratio (0.5 = 50 %). */
export function formatPercent(ratio: number, locale: string, fractionDigits = 1): string {
  return numberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 0,
    maximumFractionDigits: fractionDigits,
  }).format(ratio);
}

export function formatSignedPercent(ratio: number, locale: string): string {
  return numberFormat(locale, {
    style: 'percent',
    signDisplay: 'exceptZero',
    maximumFractionDigits: 1,
  }).format(ratio);
}

export interface DateFormat {
  locale: string | undefined;
  /** IANA zone, such as Europe/Dublin; undefined means the browser's own. */
  timeZone: string | undefined;
}

const dateCache = new Map<string, Intl.DateTimeFormat>();
function dateFormat(
  { locale, timeZone }: DateFormat,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${timeZone ?? ''}|${JSON.stringify(options)}`;
  let format = dateCache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    dateCache.set(key, format);
  }
  return format;
}

/** "1 Dec 2026, 09:30" for an ISO instant, in the given zone; "—" when there is none. */
export function formatDateTime(iso: string | null | undefined, format: DateFormat): string {
  if (!iso) return '—';
  return dateFormat(format, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** "09:30:15" for an ISO instant, in the given zone. */
export function formatTime(iso: string, format: DateFormat): string {
  return dateFormat(format, { timeStyle: 'medium' }).format(new Date(iso));
}

/** "1 Dec 2026" for an ISO instant, in the given zone. */
export function formatDate(iso: string | null | undefined, format: DateFormat): string {
  if (!iso) return '—';
  return dateFormat(format, { dateStyle: 'medium' }).format(new Date(iso));
}

/** Number formatting for the shop's locale: every figure on screen goes through these. */

export interface Locale {
  /** BCP 47 tag, such as de-DE. */
  locale: string;
  /** ISO 4217 code, such as EUR. */
  currency: string;
}

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

export function formatCount(value: number, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

export function formatCompact(value: number, locale: string): string {
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** The number of minor units of a currency (2 for EUR, 0 for JPY, 3 for KWD), as Intl knows it. */
export function minorUnitDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** Money arrives as integer minor units; it is divided only here, for display. */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  const digits = minorUnitDigits(currency);
  return numberFormat(locale, { style: 'currency', currency }).format(minorUnits / 10 ** digits);
}

/** Money for chart axes: "12.345 €", "1,2 Mio. €". */
export function formatMoneyCompact(minorUnits: number, currency: string, locale: string): string {
  const digits = minorUnitDigits(currency);
  return numberFormat(locale, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(minorUnits / 10 ** digits);
}

/** The language of the dashboard's words: numbers and money follow the shop's locale, words follow this. */
export const UI_LANGUAGE = 'en-GB';

/** A ratio (0.5 = 50 %). */
export function formatPercent(ratio: number, locale: string, fractionDigits = 1): string {
  return numberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 0,
    maximumFractionDigits: fractionDigits,
  }).format(ratio);
}

/** A duration in seconds, short enough for a KPI card: "2m 5s", "1h 3m", "42s" (in en-GB). */
export function formatDuration(totalSeconds: number, locale: string): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const unit = (value: number, u: 'hour' | 'minute' | 'second') =>
    numberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(value);
  if (hours > 0)
    return minutes > 0 ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour');
  if (minutes > 0)
    return rest > 0 ? `${unit(minutes, 'minute')} ${unit(rest, 'second')}` : unit(minutes, 'minute');
  return unit(rest, 'second');
}

export type Trend = 'up' | 'down' | 'flat' | 'new' | 'none';

export interface Delta {
  /** Relative change against the previous period (0.1 = +10 %); null when the previous value was 0. */
  ratio: number | null;
  trend: Trend;
}

/** The change of a KPI against the previous period. */
export function computeDelta(current: number, previous: number | null | undefined): Delta {
  if (previous === null || previous === undefined || Number.isNaN(previous))
    return { ratio: null, trend: 'none' };
  if (previous === 0) return { ratio: null, trend: current === 0 ? 'flat' : 'new' };
  const ratio = (current - previous) / Math.abs(previous);
  if (Math.abs(ratio) < 0.0005) return { ratio: 0, trend: 'flat' };
  return { ratio, trend: ratio > 0 ? 'up' : 'down' };
}

export function formatSignedPercent(ratio: number, locale: string): string {
  return numberFormat(locale, {
    style: 'percent',
    signDisplay: 'exceptZero',
    maximumFractionDigits: 1,
  }).format(ratio);
}

/** Minor units as a plain decimal string for CSV ("1234.50"), exact: no floating point division. */
export function minorToDecimalString(minorUnits: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(minorUnits);
  const sign = minorUnits < 0 ? '-' : '';
  const text = String(Math.abs(minorUnits)).padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

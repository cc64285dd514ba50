import * as kit from '@shopstream/web-kit';
import { numberFormat } from '@shopstream/web-kit';

/** Number formatting for the shop's locale: every figure on screen goes through these. */

export {
  formatCompact,
  formatCount,
  formatDate,
  formatDateTime,
  formatDecimal,
  formatPercent,
  formatSignedPercent,
  formatTime,
  minorToDecimalString,
  minorUnitDigits,
} from '@shopstream/web-kit';

export interface Locale {
  /** BCP 47 tag, such as de-DE. */
  locale: string;
  /** ISO 4217 code, such as EUR. */
  currency: string;
}

/** Money arrives as integer minor units; web-kit divides by the currency's own minor units, for display only. */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  return kit.formatMoney(minorUnits, { currency, locale });
}

/** Money for chart axes: "12.345 €", "1,2 Mio. €". */
export function formatMoneyCompact(minorUnits: number, currency: string, locale: string): string {
  return kit.formatMoneyCompact(minorUnits, { currency, locale });
}

/** The language of the dashboard's words: numbers and money follow the shop's locale, words follow this. */
export const UI_LANGUAGE = 'en-GB';

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

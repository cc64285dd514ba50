/**
 * Money on screen. Amounts are integer minor units plus an ISO 4217 code; how many minor units make a major
 * one comes from Intl (0 for JPY, 2 for EUR, 3 for KWD), never from a fixed `/100`. Locale and currency
 * are parameters: they are the shop's settings, which each app passes in.
 */

import {
  minorUnitDigits as contractsMinorUnitDigits,
  formatDecimalAmount,
  parseDecimalAmount,
} from '@shopstream/contracts/minor-units';

export interface MoneyFormat {
  /** BCP 47 tag, such as en-IE; undefined means the browser's own. */
  locale: string | undefined;
  /** ISO 4217 code, such as EUR. */
  currency: string;
}

const cache = new Map<string, Intl.NumberFormat>();

/** One Intl.NumberFormat per locale and options: building them is far slower than using them. */
export function numberFormat(
  locale: string | undefined,
  options: Intl.NumberFormatOptions,
): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

/** The number of minor-unit digits of a currency (2 for EUR, 0 for JPY, 3 for KWD), as Intl knows it. */
export const minorUnitDigits = contractsMinorUnitDigits;

/** How many minor units make one major unit: 100 for EUR, 1 for JPY, 1000 for KWD. */
export function minorUnitsPerMajor(currency: string): number {
  return 10 ** minorUnitDigits(currency);
}

/** "€12.50" from 1250 EUR; "¥1,250" from 1250 JPY; "KWD 1.250" from 1250 KWD. */
export function formatMoney(minorUnits: number, { locale, currency }: MoneyFormat): string {
  return numberFormat(locale, { style: 'currency', currency }).format(
    minorUnits / minorUnitsPerMajor(currency),
  );
}

/** Like formatMoney, without the minor digits when they are zero: "€25" rather than "€25.00". */
export function formatMoneyRounded(minorUnits: number, money: MoneyFormat): string {
  const perMajor = minorUnitsPerMajor(money.currency);
  if (minorUnits % perMajor !== 0) return formatMoney(minorUnits, money);
  return numberFormat(money.locale, {
    style: 'currency',
    currency: money.currency,
    maximumFractionDigits: 0,
  }).format(minorUnits / perMajor);
}

/** Money for chart axes and KPI tiles: "€12K", "1,2 Mio. €". */
export function formatMoneyCompact(minorUnits: number, { locale, currency }: MoneyFormat): string {
  return numberFormat(locale, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(minorUnits / minorUnitsPerMajor(currency));
}

/** Minor units as a plain decimal string ("1234.50", "1250" for JPY, "1.250" for KWD), exact: no float division. */
export const minorToDecimalString = formatDecimalAmount;

/**
 * An amount typed by a person ("12.50", "12,5", "1250" for JPY) as minor units; null when it is not an
 * amount of that currency (a sign, letters, or more decimals than the currency has).
 */
export function parseMoney(text: string, currency: string): number | null {
  return parseDecimalAmount(text, currency);
}

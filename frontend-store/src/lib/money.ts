import * as kit from '@shopstream/web-kit';
import { shopLocale } from './shop-settings';

/* Numbers are written in the shop's locale (its settings); prices keep their own currency. */

/** How many minor units make one major unit: 100 for EUR, 1 for JPY, 1000 for KWD (from Intl, in web-kit). */
export const minorUnitsPerMajor = kit.minorUnitsPerMajor;

/** Money is integer minor units plus an ISO 4217 code; only the screen sees decimals. */
export function formatMoney(minorUnits: number, currency: string, locale = shopLocale()): string {
  return kit.formatMoney(minorUnits, { currency, locale });
}

/** The decimal amount as schema.org and Open Graph want it, e.g. "82.99". */
export function moneyAmount(minorUnits: number, currency: string): string {
  return kit.minorToDecimalString(minorUnits, currency);
}

/** A number of major units typed by a shopper, as minor units; undefined when not a price. */
export function majorToMinor(input: string, currency: string): number | undefined {
  const trimmed = input.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Math.round(Number(trimmed) * minorUnitsPerMajor(currency));
}

/** Like formatMoney, without the minor digits when they are zero: "€25" rather than "€25.00". */
export function formatMoneyRounded(minorUnits: number, currency: string, locale = shopLocale()): string {
  return kit.formatMoneyRounded(minorUnits, { currency, locale });
}

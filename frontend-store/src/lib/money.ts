import type { Totals } from '@shopstream/contracts';
// Named imports, not a namespace: the browser bundle keeps only these of web-kit's modules.
import {
  formatMoney as formatMoneyIn,
  formatMoneyRounded as formatMoneyRoundedIn,
  formatTaxRate as formatTaxRateIn,
  minorToDecimalString,
  minorUnitsPerMajor as minorUnitsPerMajorOf,
  taxLabel as taxLabelIn,
} from '@shopstream/web-kit';
import { shopLocale, shopPricesIncludeTax } from './shop-settings';

/* Numbers are written in the shop's locale (its settings); prices keep their own currency. */

/** How many minor units make one major unit: 100 for EUR, 1 for JPY, 1000 for KWD (from Intl, in web-kit). */
export const minorUnitsPerMajor = minorUnitsPerMajorOf;

/** Money is integer minor units plus an ISO 4217 code; only the screen sees decimals. */
export function formatMoney(minorUnits: number, currency: string, locale = shopLocale()): string {
  return formatMoneyIn(minorUnits, { currency, locale });
}

/** The decimal amount as schema.org and Open Graph want it, e.g. "82.99". */
export function moneyAmount(minorUnits: number, currency: string): string {
  return minorToDecimalString(minorUnits, currency);
}

/** A number of major units typed by a shopper, as minor units; undefined when not a price. */
export function majorToMinor(input: string, currency: string): number | undefined {
  const trimmed = input.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Math.round(Number(trimmed) * minorUnitsPerMajor(currency));
}

/** Like formatMoney, without the minor digits when they are zero: "€25" rather than "€25.00". */
export function formatMoneyRounded(minorUnits: number, currency: string, locale = shopLocale()): string {
  return formatMoneyRoundedIn(minorUnits, { currency, locale });
}

/** A tax rate in basis points in the shop's locale: 1900 → "19%". */
export function formatTaxRate(basisPoints: number): string {
  return formatTaxRateIn(basisPoints, shopLocale());
}

/** The tax row of totals: "Incl. VAT (19%)" when the prices contain it, "Tax (19%)" when it is added. */
export function taxLabel(totals: Pick<Totals, 'taxIncluded' | 'taxRateBasisPoints'>): string {
  return taxLabelIn(totals, shopLocale());
}

/** What a catalog price says of tax (the shop's setting): "incl. VAT", "excl. tax", or nothing until known. */
export function catalogTaxNote(): string | null {
  const included = shopPricesIncludeTax();
  return included === undefined ? null : included ? 'incl. VAT' : 'excl. tax';
}

/** A country's name in the shop's locale: "DE" → "Germany". */
export function countryName(code: string, locale = shopLocale()): string {
  try {
    return new Intl.DisplayNames(locale, { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

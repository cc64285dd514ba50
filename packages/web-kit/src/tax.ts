/**
 * How the three apps word an order's tax: contained in tax-inclusive prices ("Incl. VAT (19%)") or added on
 * top ("Tax (19%)"). The amounts come from the API's totals (the pricing module rounds them); this only labels.
 */

import { numberFormat } from './money';

/** A rate in basis points in a locale: 1900 → "19%", 2150 → "21.5%". */
export function formatTaxRate(basisPoints: number, locale: string | undefined): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

/** The label of the tax row of a set of totals. */
export function taxLabel(
  totals: { taxIncluded: boolean; taxRateBasisPoints: number },
  locale: string | undefined,
): string {
  const rate = totals.taxRateBasisPoints > 0 ? ` (${formatTaxRate(totals.taxRateBasisPoints, locale)})` : '';
  return totals.taxIncluded ? `Incl. VAT${rate}` : `Tax${rate}`;
}

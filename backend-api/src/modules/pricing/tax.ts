/** Tax per destination country, in basis points (1900 = 19 %). Pure. */

export interface TaxRates {
  rates: Record<string, number>;
  defaultRate: number;
}

/** The rate a destination pays: its own, else the default; no destination yet pays none. */
export const taxRateFor = (tax: TaxRates, country: string | null) =>
  country ? (tax.rates[country] ?? tax.defaultRate) : 0;

/** Tax on an amount in minor units, rounded to the nearest whole minor unit (a half rounds up). */
export const taxOn = (amount: number, rateBasisPoints: number) =>
  Math.round((amount * rateBasisPoints) / 10_000);

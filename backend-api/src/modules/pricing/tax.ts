/** Tax per destination country, in basis points (1900 = 19 %). Pure. */

export interface TaxRates {
  rates: Record<string, number>;
  defaultRate: number;
}

/** The rate a destination pays: its own, else the default; no destination yet pays none. */
export const taxRateFor = (tax: TaxRates, country: string | null) =>
  country ? (tax.rates[country] ?? tax.defaultRate) : 0;

/** numerator / denominator rounded to the nearest integer, a half up, in integers (no float at a half). */
const roundHalfUp = (numerator: number, denominator: number) =>
  Math.floor((2 * numerator + denominator) / (2 * denominator));

/** Tax added on top of a net amount in minor units, to the nearest whole minor unit (a half rounds up). */
export const taxOn = (amount: number, rateBasisPoints: number) =>
  roundHalfUp(amount * rateBasisPoints, 10_000);

/**
 * The tax contained in a gross (tax-inclusive) amount in minor units: gross × rate / (1 + rate), to the
 * nearest whole minor unit (a half rounds up). €61.99 at 19 % contains €9.90; the net is the rest.
 */
export const taxIn = (gross: number, rateBasisPoints: number) =>
  roundHalfUp(gross * rateBasisPoints, 10_000 + rateBasisPoints);

/** The shop's display locale; prices keep their own currency. */
export const SHOP_LOCALE = 'en-IE';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale: string) {
  const key = `${locale}|${currency}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, format);
  }
  return format;
}

/** How many minor units make one major unit: 100 for EUR, 1 for JPY, 1000 for KWD. */
export function minorUnitsPerMajor(currency: string): number {
  const digits = formatter(currency, SHOP_LOCALE).resolvedOptions().maximumFractionDigits ?? 2;
  return 10 ** digits;
}

/** Money is integer minor units plus an ISO 4217 code; only the screen sees decimals. */
export function formatMoney(minorUnits: number, currency: string, locale = SHOP_LOCALE): string {
  return formatter(currency, locale).format(minorUnits / minorUnitsPerMajor(currency));
}

/** The decimal amount as schema.org and Open Graph want it, e.g. "82.99". */
export function moneyAmount(minorUnits: number, currency: string): string {
  const perMajor = minorUnitsPerMajor(currency);
  return (minorUnits / perMajor).toFixed(Math.round(Math.log10(perMajor)));
}

/** A whole number of major units typed by a shopper, as minor units; undefined when not a price. */
export function majorToMinor(input: string, currency: string): number | undefined {
  const trimmed = input.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Math.round(Number(trimmed) * minorUnitsPerMajor(currency));
}

/** Like formatMoney, without the minor digits when they are zero: "€25" rather than "€25.00". */
export function formatMoneyRounded(minorUnits: number, currency: string, locale = SHOP_LOCALE): string {
  const perMajor = minorUnitsPerMajor(currency);
  if (minorUnits % perMajor !== 0) return formatMoney(minorUnits, currency, locale);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(
    minorUnits / perMajor,
  );
}

// Money arithmetic without zod: browser bundles import this module alone (web-kit's formatting), so a page that
// shows prices carries no schema library.

const digitsByCurrency = new Map<string, number>();

/** The number of minor-unit digits of a currency (2 for EUR, 0 for JPY, 3 for KWD), as Intl knows it. */
export function minorUnitDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/**
 * A decimal amount in major units as people and spreadsheets write it ("47.50", "47,5"; "4500" in JPY) →
 * integer minor units; null when it is not an amount of that currency (too many decimals, a sign, text).
 */
export function parseDecimalAmount(text: string, currency: string): number | null {
  const digits = minorUnitDigits(currency);
  const trimmed = text.trim().replace(',', '.');
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
  if (!pattern.test(trimmed)) return null;
  const [whole = '0', fraction = ''] = trimmed.split('.');
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Integer minor units → the plain decimal in major units, for files: 4750 EUR → "47.50", 4500 JPY → "4500". */
export function formatDecimalAmount(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

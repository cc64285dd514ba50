import countries from 'i18n-iso-countries';

/** The ISO 3166-1 numeric code world-atlas names its shapes by, for an alpha-2 code (undefined if none). */
export const numericOf = (alpha2: string): string | undefined => countries.alpha2ToNumeric(alpha2);

/** A country's name in the UI language; the key itself for `(unknown)` or a code Intl does not know. */
export function countryName(key: string, language: string): string {
  if (!/^[A-Z]{2}$/.test(key)) return key === '(unknown)' ? 'Unknown' : key;
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(key) ?? key;
  } catch {
    return key;
  }
}

/** Shade of a country on the map: 0 for none, else 0.2..1 by its share of the busiest country. */
export function shadeOf(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return 0.2 + 0.8 * Math.min(1, value / max);
}

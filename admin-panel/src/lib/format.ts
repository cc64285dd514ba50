import * as kit from '@shopstream/web-kit';
import { type ShopSettings, shopSettings } from './shop-settings';

/** Money is integer minor units with a currency; its minor units come from Intl (JPY has none, KWD three). */
export function formatMoney(
  minor: number | null | undefined,
  currency = shopSettings.currency,
  settings: ShopSettings = shopSettings,
): string {
  if (minor === null || minor === undefined) return '—';
  return kit.formatMoney(minor, { locale: settings.locale, currency });
}

/** "12.50" → 1250 in EUR, "1250" → 1250 in JPY; null when it is not an amount of that currency. */
export function parseMoney(text: string, currency = shopSettings.currency): number | null {
  return kit.parseMoney(text, currency);
}

/** The tax row of an order: "Incl. VAT (19%)" when its prices contained it, "Tax (19%)" when it was added. */
export function taxLabel(
  totals: { taxIncluded: boolean; taxRateBasisPoints: number },
  settings: ShopSettings = shopSettings,
): string {
  return kit.taxLabel(totals, settings.locale);
}

/** Minor units as the text a money field starts with: "12.50" in EUR, "1250" in JPY, "1.250" in KWD. */
export function amountText(minor: number | null | undefined, currency = shopSettings.currency): string {
  return minor === null || minor === undefined ? '' : kit.minorToDecimalString(minor, currency);
}

/** A count in the shop's locale: "1,234" in en, "1.234" in de-DE. */
export function formatCount(value: number, settings: ShopSettings = shopSettings): string {
  return kit.formatCount(value, settings.locale || 'en');
}

export function formatDateTime(
  iso: string | null | undefined,
  settings: ShopSettings = shopSettings,
): string {
  return kit.formatDateTime(iso, settings);
}

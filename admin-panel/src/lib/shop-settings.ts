/**
 * The shop's currency, locale and time zone as the admin panel shows them. No API serves them yet: the
 * currency is the shop's (EUR, as backend-api's), and numbers and times follow the browser. Amounts that
 * carry their own currency (orders, discount codes) are shown in it.
 */
export interface ShopSettings {
  currency: string;
  /** undefined: the browser's locale. */
  locale: string | undefined;
  /** undefined: the browser's time zone. */
  timeZone: string | undefined;
}

export const shopSettings: ShopSettings = { currency: 'EUR', locale: undefined, timeZone: undefined };

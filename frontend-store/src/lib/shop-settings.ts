import type { ShopSettings } from '@shopstream/contracts';

/**
 * The shop's locale and currency, as backend-api serves them (GET /shop/settings; admins change them in the
 * admin panel). Money is formatted in server and client components alike, so the settings live here, read
 * at call time: the server loads them before it serves (instrumentation.ts) and again with each page (the
 * root layout, cached 30 s; load-shop-settings.ts, kept apart so the browser bundle never carries zod), and the root layout hands them to the browser (ShopSettingsBridge) before any
 * other component renders. Until they are known, numbers follow the runtime's own locale.
 */
const current: {
  locale: string | undefined;
  currency: string | undefined;
  timeZone: string | undefined;
  pricesIncludeTax: boolean | undefined;
} = {
  locale: undefined,
  currency: undefined,
  timeZone: undefined,
  pricesIncludeTax: undefined,
};

export const shopLocale = () => current.locale;
export const shopCurrency = () => current.currency;
export const shopTimeZone = () => current.timeZone;
/** Whether the catalog's prices contain the tax (EU shops) or tax is added at checkout; undefined until known. */
export const shopPricesIncludeTax = () => current.pricesIncludeTax;

export type AppliedShopSettings = Pick<ShopSettings, 'locale' | 'currency' | 'timeZone' | 'pricesIncludeTax'>;

export function applyShopSettings(settings: AppliedShopSettings) {
  current.locale = settings.locale;
  current.currency = settings.currency;
  current.timeZone = settings.timeZone;
  current.pricesIncludeTax = settings.pricesIncludeTax;
}

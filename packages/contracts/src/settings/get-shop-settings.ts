import { ShopSettings } from './shop-settings';

/** GET /shop/settings: public, what every page needs (currency, locale, time zone, name, address). */
export const getShopSettings = {
  method: 'GET',
  path: '/shop/settings',
  summary: "The shop's name, currency, locale, time zone, tax display and address",
  response: ShopSettings,
} as const;

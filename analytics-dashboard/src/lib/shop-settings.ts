import { env } from './env';

/**
 * The shop's time zone, locale and currency. No API serves them yet, so they come from the build's
 * environment (VITE_SHOP_*); the currency must match analytics-service's ANALYTICS_CURRENCY. Reports that
 * carry their own currency (the overview) win over this one.
 */
export interface ShopSettings {
  timeZone: string;
  locale: string;
  currency: string;
}

export const shopSettings: ShopSettings = {
  timeZone: env.VITE_SHOP_TIME_ZONE,
  locale: env.VITE_SHOP_LOCALE,
  currency: env.VITE_SHOP_CURRENCY,
};

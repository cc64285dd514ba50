import { fetchShopSettings } from '@shopstream/web-kit';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { env } from './env';
import { ErrorMessage, Loading } from './ui';

/**
 * The shop's currency, locale and time zone as the admin panel shows them, from backend-api's settings
 * (GET /shop/settings; admins change them on the Shop settings page). Amounts that carry their own
 * currency (orders, discount codes) are shown in it.
 */
export interface ShopSettings {
  currency: string;
  locale: string;
  timeZone: string;
}

/**
 * The settings every formatter reads (lib/format.ts). Filled by ShopSettingsGate before any screen renders,
 * and refilled when they are re-read, so formatting stays a plain function call on every screen.
 */
export const shopSettings: ShopSettings = { currency: '', locale: '', timeZone: '' };

export const SHOP_SETTINGS_KEY = ['shop-settings'] as const;

/**
 * Makes these the settings every formatter reads. A screen shows them from its next render (every screen
 * renders afresh when opened; the Shop settings page applies a save before it shows the success).
 */
export function applyShopSettings(settings: ShopSettings) {
  Object.assign(shopSettings, {
    currency: settings.currency,
    locale: settings.locale,
    timeZone: settings.timeZone,
  });
}

/** Renders the screens once the settings are known (re-read every minute and after a save). */
export function ShopSettingsGate({ children }: { children: ReactNode }) {
  const settings = useQuery({
    queryKey: SHOP_SETTINGS_KEY,
    queryFn: async ({ signal }) => {
      const served = await fetchShopSettings(env.VITE_API_URL, { signal });
      applyShopSettings(served);
      return served;
    },
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
  if (settings.data) return children;
  if (settings.isError) return <ErrorMessage error={settings.error} />;
  return <Loading label="Loading the shop’s settings…" />;
}

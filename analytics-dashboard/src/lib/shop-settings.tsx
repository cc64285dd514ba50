import type { ShopSettings } from '@shopstream/contracts';
import { fetchShopSettings } from '@shopstream/web-kit';
import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { env } from './env';

export type { ShopSettings } from '@shopstream/contracts';

/**
 * The shop's time zone, locale and currency, as backend-api serves them (GET /shop/settings): the same
 * settings analytics-service's reports use. Re-read every minute and when the tab comes back, so a change
 * saved in the admin panel shows without a rebuild.
 */
const ShopSettingsContext = createContext<ShopSettings | null>(null);

export const shopSettingsQuery = {
  queryKey: ['shop-settings'],
  queryFn: ({ signal }: { signal: AbortSignal }) => fetchShopSettings(env.VITE_API_URL, { signal }),
  staleTime: 30_000,
  refetchInterval: 60_000,
  refetchOnWindowFocus: true,
} as const;

/** Renders its children once the settings are known; says so while they load or cannot be had. */
export function ShopSettingsGate({ children }: { children: ReactNode }) {
  const settings = useQuery(shopSettingsQuery);
  if (settings.data) {
    return <ShopSettingsContext.Provider value={settings.data}>{children}</ShopSettingsContext.Provider>;
  }
  if (settings.isError) {
    return (
      <p className="notice notice-error" role="alert">
        {settings.error.message}{' '}
        <button type="button" className="button button-small" onClick={() => void settings.refetch()}>
          Try again
        </button>
      </p>
    );
  }
  return (
    <p className="muted" role="status">
      Loading the shop’s settings…
    </p>
  );
}

/** The shop's settings, inside ShopSettingsGate. */
export function useShopSettings(): ShopSettings {
  const settings = useContext(ShopSettingsContext);
  if (!settings) throw new Error('useShopSettings() is used outside <ShopSettingsGate>');
  return settings;
}
